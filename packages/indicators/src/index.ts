import { defineModule, readMigrations, rolesOf, type ModuleManifest } from '@zhicheng/kernel';
import { defaultDefinitions } from './default-definitions.js';
import { entityProviders } from './entity-providers.js';
import { createIndicatorsRepository } from './indicators-repository.js';
import { createIndicatorsService, indicatorsServiceKey } from './indicators-service.js';
import { createProviderRegistry, indicatorProvidersKey } from './providers.js';
import { indicatorRoutes } from './routes.js';

export { indicatorProvidersKey, countyOf, noData, type IndicatorProvider, type IndicatorProviders, type Measurement, type ProviderResult, type ProviderContext } from './providers.js';
export { indicatorsServiceKey, statusOf, type IndicatorsService } from './indicators-service.js';
export * from './indicator-schemas.js';

export interface IndicatorsModuleOptions {
  now?: () => Date;
  /** Schedule check period (default 60 s). */
  checkMs?: number;
  /** Wait after a triggering event before recomputing (default 5 s). */
  debounceMs?: number;
}

/** City vital signs: indicators as data, computed on a schedule and on change, with history. */
export function createIndicatorsModule(opts: IndicatorsModuleOptions = {}): ModuleManifest {
  const now = opts.now ?? (() => new Date());
  const timers: NodeJS.Timeout[] = [];
  const unsubs: (() => void)[] = [];
  return defineModule({
    name: 'indicators',
    migrations: readMigrations('indicators', new URL('../migrations/', import.meta.url)),
    init(ctx) {
      const providers = createProviderRegistry();
      for (const p of entityProviders(ctx.services)) providers.register(p);
      ctx.services.provide(indicatorProvidersKey, providers);
      ctx.services.provide(indicatorsServiceKey, createIndicatorsService(ctx.db, providers, { now, regionCode: ctx.config.ZC_REGION_CODE, log: ctx.log }));
    },
    routes: (app, ctx) => indicatorRoutes(app, ctx, ctx.services.get(indicatorsServiceKey), now),
    async seed(ctx) {
      const repo = createIndicatorsRepository(ctx.db);
      for (const [i, d] of defaultDefinitions(ctx.config.ZC_REGION_CODE).entries()) await repo.ensure(d, i, now());
    },
    async start(ctx) {
      if (!rolesOf(ctx.config).has('worker') && !rolesOf(ctx.config).has('rules')) return;
      const service = ctx.services.get(indicatorsServiceKey);
      const run = (force: boolean) => service.computeDue(force).catch((err: unknown) => ctx.log.error({ err }, 'indicator computation failed'));
      await run(true);
      const t = setInterval(() => void run(false), opts.checkMs ?? 60_000);
      t.unref();
      timers.push(t);
      // On change: a provider's triggering events recompute its indicators, at most once per debounce period.
      const providers = ctx.services.get(indicatorProvidersKey);
      const pending = new Set<string>();
      let debounce: NodeJS.Timeout | null = null;
      const flush = async () => {
        debounce = null;
        const names = new Set(pending);
        pending.clear();
        for (const d of await service.definitions()) if (d.enabled && names.has(d.source.provider)) await service.compute(d.id).catch((err: unknown) => ctx.log.error({ err, indicator: d.id }, 'indicator computation failed'));
      };
      const subjects = new Map<string, string[]>();
      for (const p of providers.all()) for (const s of p.triggers ?? []) subjects.set(s, [...(subjects.get(s) ?? []), p.name]);
      for (const [subject, names] of subjects) {
        unsubs.push(ctx.bus.subscribe(subject, () => {
          names.forEach((n) => pending.add(n));
          if (!debounce) {
            debounce = setTimeout(() => void flush(), opts.debounceMs ?? 5_000);
            debounce.unref();
            timers.push(debounce);
          }
        }, { queue: 'indicators' }));
      }
    },
    stop() {
      unsubs.splice(0).forEach((u) => u());
      timers.splice(0).forEach((t) => clearTimeout(t));
    },
  });
}

export default createIndicatorsModule();
