import { Type } from '@sinclair/typebox';
import type { ModuleContext } from '../module.js';
import { serviceKey } from '../services.js';
import type { HttpApp } from './create-http.js';

/** The name of the region this platform serves, from the division table (geo provides it). */
export const regionNameKey = serviceKey<() => Promise<string | null>>('kernel.regionName');

const Check = Type.Object({ status: Type.Union([Type.Literal('ok'), Type.Literal('down'), Type.Literal('off')]) }, { additionalProperties: true });
export const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('down')]),
  checks: Type.Object({ database: Check, broker: Check, bus: Check }),
  version: Type.String(),
  uptimeSeconds: Type.Number(),
});

export const SystemInfoSchema = Type.Object({
  product: Type.String(),
  version: Type.String(),
  regionCode: Type.String(),
  regionName: Type.Union([Type.String(), Type.Null()]),
  demo: Type.Boolean(),
  engines: Type.Object({ database: Type.String(), broker: Type.String(), bus: Type.String() }),
  map: Type.Object({
    tileUrl: Type.Union([Type.String(), Type.Null()], { description: 'Raster tiles under the console map ({z}/{x}/{y}); null = boundaries only.' }),
    tileAttribution: Type.Union([Type.String(), Type.Null()]),
  }),
});

const started = Date.now();

export function registerHealthRoutes(app: HttpApp, ctx: ModuleContext, version: string) {
  app.get('/healthz', {
    config: { public: true },
    schema: { tags: ['system'], summary: 'Health of the database, broker and bus', response: { 200: HealthSchema, 503: HealthSchema } },
  }, async (_req, reply) => {
    const t0 = performance.now();
    let database: { status: 'ok' | 'down'; engine: string; latencyMs?: number; error?: string };
    try {
      await ctx.db.query('select 1');
      database = { status: 'ok', engine: ctx.db.engine, latencyMs: Math.round((performance.now() - t0) * 100) / 100 };
    } catch (err) {
      database = { status: 'down', engine: ctx.db.engine, error: (err as Error).message };
    }
    const broker = ctx.mqtt ? ctx.mqtt.status() : { status: 'off' as const };
    const bus = ctx.bus.status();
    const status = database.status === 'down' ? 'down' : broker.status === 'down' || bus.status === 'down' ? 'degraded' : 'ok';
    return reply.status(status === 'down' ? 503 : 200).send({
      status, checks: { database, broker, bus }, version, uptimeSeconds: Math.round((Date.now() - started) / 1000),
    });
  });

  app.get('/metrics', {
    config: { public: true },
    schema: { tags: ['system'], summary: 'Prometheus metrics (text exposition format)', hide: false },
  }, async (_req, reply) => {
    reply.type(ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });

  app.get('/api/v1/system/info', {
    config: { public: true },
    schema: { tags: ['system'], summary: 'What this platform is and which engines it runs on', response: { 200: SystemInfoSchema } },
  }, async () => ({
    product: 'Zhicheng',
    version,
    regionCode: ctx.config.ZC_REGION_CODE,
    regionName: (await ctx.services.find(regionNameKey)?.()) ?? null,
    demo: ctx.demo,
    engines: { database: ctx.db.engine, broker: ctx.mqtt?.mode ?? 'off', bus: ctx.bus.mode },
    map: { tileUrl: ctx.config.ZC_MAP_TILE_URL ?? null, tileAttribution: ctx.config.ZC_MAP_TILE_ATTRIBUTION ?? null },
  }));
}
