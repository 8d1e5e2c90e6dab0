import { contextBrokerReaderKey } from '@zhicheng/context-broker';
import { defineModule, readMigrations, rolesOf, type ModuleManifest } from '@zhicheng/kernel';
import { registerEngineMetrics } from './engine-metrics.js';
import { rulesRoutes } from './routes.js';
import { createRulesRuntime, type RulesRuntime } from './rules-runtime.js';
import { createRulesService, rulesServiceKey } from './rules-service.js';
import { historyFromBroker } from './context-broker-adapter.js';
import { historySourceKey } from './history-source.js';

export { rulesServiceKey, RULE_CHANGED, type RulesService, type RuleChangedEvent } from './rules-service.js';
export { SIGNALS_SUBJECT, type SignalsEvent, type RulesRuntime } from './rules-runtime.js';
export { historySourceKey, type HistorySource, type HistoryQuery, type EntitySummary } from './history-source.js';
export { authzKey, type ScopedAuthz } from './authz.js';
export { RuleEngine, type StateRow } from './engine.js';
export { compileRule, type CompiledRule, type RuleEntityState } from './compile.js';
export { inSchedule, shanghaiDay, shanghaiMidnight } from './calendar.js';
export { toEntityUpdates, DATAHUB_SUBJECTS } from './context-broker-adapter.js';
export { toNumber } from './conditions/compare.js';
export type { EntityUpdate, RuleSignal, RuleKindPlugin, Verdict } from './types.js';
export * from './rule-schemas.js';

export interface RulesModuleOptions {
  /** Clock in epoch ms (tests). */
  now?: () => number;
  /** No-data timer period (default 10 s). */
  tickMs?: number;
  /** Holds the running engine so tests can drive it. */
  onRuntime?(runtime: RulesRuntime): void;
}

/** The rules module: rules as versioned data, their API, and the engine (in processes with the rules role). */
export function createRulesModule(opts: RulesModuleOptions = {}): ModuleManifest {
  let runtime: RulesRuntime | null = null;
  const now = opts.now ?? Date.now;
  return defineModule({
    name: 'rules',
    migrations: readMigrations('rules', new URL('../migrations/', import.meta.url)),
    init(ctx) {
      const service = createRulesService(ctx);
      ctx.services.provide(rulesServiceKey, service);
      // History comes from the data hub when it is in the server (tests may provide their own first).
      const reader = ctx.services.find(contextBrokerReaderKey);
      if (reader && !ctx.services.find(historySourceKey)) ctx.services.provide(historySourceKey, historyFromBroker(reader));
      if (rolesOf(ctx.config).has('rules')) {
        runtime = createRulesRuntime(ctx, service, { now, tickMs: opts.tickMs, snapshotMs: ctx.config.ZC_RULES_SNAPSHOT_SECONDS * 1000, tailMinutes: ctx.config.ZC_RULES_TAIL_MINUTES });
        registerEngineMetrics(ctx.metrics.registry, runtime.engine);
        opts.onRuntime?.(runtime);
      }
    },
    routes: (app, ctx) => rulesRoutes(app, ctx, ctx.services.get(rulesServiceKey), () => runtime, now),
    start: () => runtime?.start(),
    stop: () => runtime?.stop(),
  });
}

export default createRulesModule();
