import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Type } from '@sinclair/typebox';
import { badRequest, defineModule, type HttpApp, type ModuleContext } from '@zhicheng/kernel';
import { systemKeysServiceKey } from '@zhicheng/identity';
import { rulesServiceKey } from '@zhicheng/rules';
import { DEMO_RULES } from './demo-rules.js';
import { countyShapesFrom } from './county-shapes.js';
import { generateFleet } from './generate-fleet.js';
import { createHttpTransport } from './http-transport.js';
import { injectFetch } from './inject-fetch.js';
import { SimulatorRunner } from './runner.js';
import { SCENARIOS, type ScenarioName } from './scenarios.js';

const SEED = 2026;
const PERMISSIONS = ['devices:manage', 'devices:read', 'telemetry:write', 'entities:write:*', 'entities:read', 'departments:read'];

/**
 * The demo prefecture's fleet, running in the server process when ZC_DEMO=on and
 * ZC_SIMULATOR=on. It holds an API key like any integrator and speaks only the public device
 * APIs; its data is marked simulated. Operators start incidents at /api/v1/simulator.
 */
export function createDemoSimulatorModule() {
  let app: HttpApp | null = null;
  let runner: SimulatorRunner | null = null;
  let state: 'off' | 'starting' | 'backfilling' | 'running' | 'failed' = 'off';
  let backfill = 0;

  const begin = async (ctx: ModuleContext) => {
    state = 'starting';
    const apiKey = await ctx.services.get(systemKeysServiceKey).issue('demo simulator', PERMISSIONS, { ttlHours: 24 * 30 });
    const f = injectFetch(app!);
    const res = await f('http://zhicheng.local/api/v1/geo/boundaries?level=county', { headers: { 'x-api-key': apiKey } });
    if (res.status !== 200) throw new Error(`boundaries answered ${res.status}`);
    const fleet = generateFleet(countyShapesFrom((await res.json()) as Parameters<typeof countyShapesFrom>[0]), { seed: SEED, devices: ctx.config.ZC_SIMULATOR_DEVICES });
    const transport = createHttpTransport({ url: 'http://zhicheng.local', apiKey, fetch: f });
    const provisioned = await transport.provision(fleet);
    ctx.log.info({ devices: fleet.length, created: provisioned.created, updated: provisioned.updated, unchanged: provisioned.unchanged, failed: provisioned.failed, errors: provisioned.errors.slice(0, 5) }, 'demo simulator fleet provisioned');
    await seedDemoRules(ctx);
    runner = new SimulatorRunner({ fleet, transport, speed: ctx.config.ZC_SIMULATOR_SPEED, onError: (err) => ctx.log.warn({ err }, 'simulator batch failed') });
    const marker = join(resolve(ctx.config.ZC_DATA_DIR), 'simulator-backfill.done');
    if (ctx.config.ZC_SIMULATOR_BACKFILL_DAYS > 0 && !existsSync(marker)) {
      state = 'backfilling';
      const to = Date.now();
      let logged = 0;
      await runner.backfill(to - ctx.config.ZC_SIMULATOR_BACKFILL_DAYS * 86_400_000, to, (p) => {
        backfill = p;
        if (p - logged >= 0.1 || p === 1) {
          logged = p;
          ctx.log.info({ progress: `${Math.round(p * 100)}%` }, 'simulator backfilling history');
        }
      });
      mkdirSync(resolve(ctx.config.ZC_DATA_DIR), { recursive: true });
      writeFileSync(marker, new Date().toISOString());
    }
    runner.start();
    state = 'running';
    ctx.log.info({ devices: fleet.length, speed: ctx.config.ZC_SIMULATOR_SPEED }, 'demo simulator running (simulated data)');
  };

  /** The demo's starting rules, created when missing (an edited one is left as the city left it). */
  const seedDemoRules = async (ctx: ModuleContext) => {
    const rules = ctx.services.find(rulesServiceKey);
    if (!rules) return;
    for (const r of DEMO_RULES) {
      const exists = await rules.get(null, r.id).then(() => true, () => false);
      if (!exists) await rules.create(null, { id: r.id, departmentId: null, definition: r.definition });
    }
  };

  return defineModule({
    name: 'simulator',
    routes(a) {
      app = a;
      const tags = ['simulator'];
      const Status = Type.Object({
        state: Type.String(), backfillProgress: Type.Number(), sent: Type.Integer(), rejected: Type.Integer(), failedBatches: Type.Integer(),
        simTime: Type.Union([Type.String(), Type.Null()]),
        active: Type.Array(Type.Object({ name: Type.String(), startedAt: Type.String() })),
        scenarios: Type.Array(Type.Object({ name: Type.String(), zh: Type.String(), en: Type.String() })),
      });
      const status = () => {
        const s = runner?.stats();
        return {
          state, backfillProgress: backfill, sent: s?.sent ?? 0, rejected: s?.rejected ?? 0, failedBatches: s?.failedBatches ?? 0, simTime: s?.simTime ?? null,
          active: s?.scenarios ?? [], scenarios: Object.values(SCENARIOS).map((x) => ({ name: x.name, zh: x.title.zh, en: x.title.en })),
        };
      };
      a.get('/api/v1/simulator', { config: { permission: 'simulator:control' }, schema: { tags, summary: 'State of the demo simulator and its scenarios', response: { 200: Status } } }, async () => status());
      a.post('/api/v1/simulator/scenarios', {
        config: { permission: 'simulator:control' },
        schema: { tags, summary: 'Start a named incident in the simulated city', body: Type.Object({ name: Type.String() }, { additionalProperties: false }), response: { 201: Status } },
      }, async (req, reply) => {
        if (!runner || state !== 'running') throw badRequest('ERR_SIMULATOR_NOT_RUNNING', `The simulator is ${state}; scenarios start once it runs (ZC_DEMO=on, ZC_SIMULATOR=on).`);
        if (!(req.body.name in SCENARIOS)) throw badRequest('ERR_SIMULATOR_UNKNOWN_SCENARIO', `Unknown scenario ${req.body.name}; known: ${Object.keys(SCENARIOS).join(', ')}.`);
        runner.startScenario(req.body.name as ScenarioName);
        await runner.tick();
        return reply.status(201).send(status());
      });
      a.delete('/api/v1/simulator/scenarios/:name', {
        config: { permission: 'simulator:control' },
        schema: { tags, summary: 'Stop an incident', params: Type.Object({ name: Type.String() }), response: { 200: Status } },
      }, async (req) => {
        runner?.stopScenario(req.params.name as ScenarioName);
        return status();
      });
    },
    start(ctx) {
      if (!ctx.demo || ctx.config.ZC_SIMULATOR !== 'on' || !app) return;
      // In the background: the platform is serving while the fleet provisions and backfills.
      setTimeout(() => {
        begin(ctx).catch((err) => {
          state = 'failed';
          ctx.log.error({ err }, 'demo simulator could not start');
        });
      }, 500).unref();
    },
    async stop() {
      await runner?.stop();
    },
  });
}
