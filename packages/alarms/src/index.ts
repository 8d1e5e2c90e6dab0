import { defineModule, readMigrations, rolesOf, type ModuleManifest } from '@zhicheng/kernel';
import { indicatorProvidersKey } from '@zhicheng/indicators';
import { SIGNALS_SUBJECT, type SignalsEvent } from '@zhicheng/rules';
import { alarmIndicatorProviders } from './alarm-indicators.js';
import { Gauge, Histogram } from 'prom-client';
import { alarmsServiceKey, createAlarmsService } from './alarms-service.js';
import { alarmRoutes } from './routes.js';
import { createSignalIntake } from './signal-intake.js';

export { alarmsServiceKey, ALARM_SUBJECT, type AlarmsService } from './alarms-service.js';
export { parseEscalationPolicy, type EscalationPolicy } from './escalation-policy.js';
export { divisionPath } from './division-path.js';
export * from './alarm-schemas.js';

export interface AlarmsModuleOptions {
  /** The clock (tests move it instead of sleeping). */
  now?: () => Date;
  /** Escalation check period (default 15 s). */
  escalationCheckMs?: number;
  onIntake?(intake: ReturnType<typeof createSignalIntake>): void;
}

/** Alarms: written from rule signals (batched), their lifecycle API, escalation on a timer. */
export function createAlarmsModule(opts: AlarmsModuleOptions = {}): ModuleManifest {
  const now = opts.now ?? (() => new Date());
  let intake: ReturnType<typeof createSignalIntake> | null = null;
  let unsub: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  return defineModule({
    name: 'alarms',
    migrations: readMigrations('alarms', new URL('../migrations/', import.meta.url)),
    init(ctx) {
      const service = createAlarmsService(ctx, now);
      ctx.services.provide(alarmsServiceKey, service);
      const indicators = ctx.services.find(indicatorProvidersKey);
      if (indicators) for (const p of alarmIndicatorProviders(ctx.db)) indicators.register(p);
      const writeSeconds = new Histogram({
        name: 'zc_alarms_signal_batch_seconds', help: 'Time to write one batch of rule signals as alarms (commit and events included).',
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [ctx.metrics.registry],
      });
      const batchSize = new Histogram({ name: 'zc_alarms_signal_batch_size', help: 'Rule signals per alarm write batch.', buckets: [1, 10, 100, 1000, 5000], registers: [ctx.metrics.registry] });
      intake = createSignalIntake(async (batch) => {
        const end = writeSeconds.startTimer();
        batchSize.observe(batch.length);
        try {
          return await service.applySignals(batch);
        } finally {
          end();
        }
      }, ctx.log);
      opts.onIntake?.(intake);
      const i = intake;
      new Gauge({ name: 'zc_alarms_signal_queue_depth', help: 'Rule signals waiting to be written as alarms.', registers: [ctx.metrics.registry], collect() { this.set(i.depth); } });
    },
    routes: (app, ctx) => alarmRoutes(app, ctx.services.get(alarmsServiceKey)),
    start(ctx) {
      const roles = rolesOf(ctx.config);
      if (!roles.has('rules') && !roles.has('worker')) return;
      unsub = ctx.bus.subscribe<SignalsEvent>(SIGNALS_SUBJECT, (e) => intake!.push(e.signals), { queue: 'alarms' });
      const service = ctx.services.get(alarmsServiceKey);
      timer = setInterval(() => void service.escalateDue().catch((err: unknown) => ctx.log.error({ err }, 'alarm escalation failed')), opts.escalationCheckMs ?? 15_000);
      timer.unref();
    },
    async stop() {
      // Let signals the rule engine emitted while stopping reach the intake first.
      await new Promise((r) => setImmediate(r));
      unsub?.();
      if (timer) clearInterval(timer);
      await intake?.drain();
    },
  });
}

export default createAlarmsModule();
