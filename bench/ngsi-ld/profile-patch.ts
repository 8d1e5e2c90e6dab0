// Diagnostic for bench/ngsi-ld.ts: where a single PATCH spends its time (sequential requests).
import broker, { contextBrokerServiceKey } from '@zhicheng/context-broker';
import { bootPlatform, createLogger, defineModule, loadConfig } from '@zhicheng/kernel';
import { openScratchDb } from '@zhicheng/kernel/testing';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const auth = defineModule({ name: 'a', init: (ctx) => ctx.setAuthenticator(async () => ({ kind: 'apiKey', id: 'b', name: 'b', departmentId: 'env', can: () => true })) });
const scratch = await openScratchDb('postgres');
const config = loadConfig({ LOG_LEVEL: 'warn', ZC_DEMO: 'off', PORT: '0', DATABASE_URL: scratch.url!, ZC_DATA_DIR: '/tmp/zc-prof' });
const p = await bootPlatform({ config, modules: [auth, broker], version: 'p', log: createLogger(config), mqtt: false, listen: false });
const svc = p.ctx.services.get(contextBrokerServiceKey);
await svc.writeObservations(Array.from({ length: 1000 }, (_, i) => ({ entityId: `urn:ngsi-ld:AirQualityObserved:${i}`, entityType: 'AirQualityObserved', departmentId: 'env', divisionCode: '513401', attrs: [{ name: 'pm25', value: 1, observedAt: new Date() }] })));
const timings = new Map<string, number[]>();
const orig = p.ctx.db.transaction.bind(p.ctx.db);
(p.ctx.db as { transaction: typeof orig }).transaction = (async (fn: Parameters<typeof orig>[0]) => orig(async (tx) => fn({
  query: async (text: string, params?: readonly unknown[]) => {
    const t0 = performance.now();
    const r = await tx.query(text, params);
    const k = text.trim().slice(0, 40).replace(/\s+/g, ' ');
    timings.set(k, [...(timings.get(k) ?? []), performance.now() - t0]);
    return r;
  },
  exec: tx.exec,
} as never))) as typeof orig;
const link = '<https://smartdatamodels.org/context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"';
const t0 = performance.now();
for (let i = 0; i < 300; i++) {
  const r = await p.app.inject({ method: 'PATCH', url: `/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:${i}/attrs/pm25`, headers: { 'content-type': 'application/json', link }, payload: JSON.stringify({ value: i }) });
  if (r.statusCode !== 204) throw new Error(r.body);
}
console.log('per request ms', (performance.now() - t0) / 300);
for (const [k, v] of timings) console.log(k, (v.reduce((a, b) => a + b, 0) / v.length).toFixed(2), 'ms avg', v.length);
await p.close();
await scratch.dispose();
