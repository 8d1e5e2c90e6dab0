import { Counter, Gauge, type Registry } from 'prom-client';
import type { RuleEngine } from './engine.js';

/**
 * The engine's vital signs in /metrics, so a stalled engine is visible: queue depth, how
 * long the oldest waiting update has waited, and counts of points, signals and errors per rule.
 */
export function registerEngineMetrics(registry: Registry, engine: RuleEngine): void {
  new Gauge({ name: 'zc_rules_queue_depth', help: 'Data hub updates waiting for rule evaluation.', registers: [registry], collect() { this.set(engine.queueStats().depth); } });
  new Gauge({ name: 'zc_rules_evaluation_lag_seconds', help: 'How long the oldest waiting update has waited (0 when idle).', registers: [registry], collect() { this.set(engine.queueStats().oldestWaitingMs / 1000); } });
  new Gauge({ name: 'zc_rules_loaded', help: 'Enabled rules loaded in the engine.', registers: [registry], collect() { this.set(engine.index.size); } });
  const seen = { points: 0, signals: 0 };
  new Counter({
    name: 'zc_rules_points_evaluated_total', help: 'Attribute values (data points) evaluated.', registers: [registry],
    collect() { this.inc(engine.stats.pointsProcessed - seen.points); seen.points = engine.stats.pointsProcessed; },
  });
  new Counter({
    name: 'zc_rules_signals_total', help: 'Raise, clear and refresh signals sent to the alarm service.', registers: [registry],
    collect() { this.inc(engine.stats.signalsEmitted - seen.signals); seen.signals = engine.stats.signalsEmitted; },
  });
  const errSeen = new Map<string, number>();
  new Counter({
    name: 'zc_rules_evaluation_errors_total', help: 'Rule evaluations that failed, per rule.', labelNames: ['rule'] as const, registers: [registry],
    collect() {
      for (const [rule, e] of engine.stats.errors) {
        const d = e.count - (errSeen.get(rule) ?? 0);
        if (d > 0) this.inc({ rule }, d);
        errSeen.set(rule, e.count);
      }
    },
  });
}
