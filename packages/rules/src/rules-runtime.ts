import type { ModuleContext } from '@zhicheng/kernel';
import { DATAHUB_SUBJECTS, toDeviceEvent, toEntityUpdates } from './context-broker-adapter.js';
import { RuleEngine } from './engine.js';
import { historySourceKey } from './history-source.js';
import { createRulesRepository } from './rules-repository.js';
import { RULE_CHANGED, type RuleChangedEvent, type RulesService } from './rules-service.js';
import { createStateRepository } from './state-repository.js';
import type { RuleSignal } from './types.js';

export const SIGNALS_SUBJECT = 'rules.signals.emitted';

export interface SignalsEvent {
  signals: RuleSignal[];
}

export interface RuntimeOptions {
  now?: () => number;
  /** No-data timer period. */
  tickMs?: number;
  snapshotMs: number;
  tailMinutes: number;
}

/**
 * Hosts the engine in a process with the `rules` role: loads enabled rules, restores the
 * last snapshot and re-reads the tail of history, then follows the data hub's events, the
 * device online/offline events and rule changes; snapshots periodically and at stop.
 */
export function createRulesRuntime(ctx: ModuleContext, rules: RulesService, opts: RuntimeOptions) {
  const now = opts.now ?? Date.now;
  const engine = new RuleEngine({
    now,
    emit: (signals) => ctx.bus.publish<SignalsEvent>(SIGNALS_SUBJECT, { signals }),
    onError: (ruleId, err) => ctx.log.warn({ err, ruleId }, 'rule evaluation failed'),
  });
  const repo = createRulesRepository(ctx.db);
  const states = createStateRepository(ctx.db);
  const unsubs: (() => void)[] = [];
  const timers: NodeJS.Timeout[] = [];
  let started = false;
  let lastSnapshotAt: Date | null = null;
  let snapshotting: Promise<void> | null = null;
  const reloading = new Set<Promise<void>>();

  const compileAll = async () => {
    const compiled = [];
    for (const r of await repo.enabled()) {
      try {
        compiled.push(rules.compile(r));
      } catch (err) {
        ctx.log.error({ err, ruleId: r.id }, 'rule does not compile; skipped');
      }
    }
    engine.setRules(compiled);
  };

  const reload = async (e: RuleChangedEvent) => {
    const r = await repo.get(e.ruleId);
    if (!r || !r.definition.enabled) {
      engine.removeRule(e.ruleId, e.change === 'deleted' ? 'rule deleted' : 'rule disabled');
      await states.forget(e.ruleId);
      return;
    }
    engine.putRule(rules.compile(r));
  };

  const snapshot = async () => {
    // One snapshot at a time; the next periodic one picks up what changed meanwhile.
    snapshotting ??= (async () => {
      const at = new Date(now());
      await states.save(engine.exportStates(true), at);
      lastSnapshotAt = at;
    })().finally(() => {
      snapshotting = null;
    });
    return snapshotting;
  };

  return {
    engine,
    get started() {
      return started;
    },
    get lastSnapshotAt() {
      return lastSnapshotAt;
    },
    snapshot,
    /** Resolves when rule reloads in flight and queued updates are done. */
    async idle() {
      while (reloading.size) await Promise.allSettled([...reloading]);
      await engine.idle();
    },

    async start() {
      await compileAll();
      const saved = await states.load();
      engine.importStates(saved.rows);
      lastSnapshotAt = saved.snapshotAt;
      const history = ctx.services.find(historySourceKey);
      if (history) {
        const types = new Set([...engine.index.byId.values()].map((r) => r.entityType));
        for (const entityType of types) {
          for (const e of await history.entities({ entityType })) engine.know(e);
        }
        if (opts.tailMinutes > 0) {
          const to = new Date(now());
          const floor = to.getTime() - opts.tailMinutes * 60_000;
          const from = new Date(Math.max(floor, saved.snapshotAt?.getTime() ?? floor));
          for (const entityType of types) await engine.process(await history.history({ entityType, attributes: [], from, to }));
        }
      }
      // Each update must reach the one engine holding its window state; several rules
      // processes would need the stream partitioned by entity (not done: one engine per deployment).
      for (const subject of DATAHUB_SUBJECTS) {
        unsubs.push(ctx.bus.subscribe(subject, (payload) => {
          for (const u of toEntityUpdates(payload)) engine.enqueue(u);
        }, { queue: 'rules-engine' }));
      }
      for (const kind of ['offline', 'online'] as const) {
        unsubs.push(ctx.bus.subscribe(`devices.device.${kind}`, async (payload) => {
          const e = toDeviceEvent(payload);
          if (e) await engine.deviceEvent(kind, e);
        }, { queue: 'rules-engine' }));
      }
      unsubs.push(ctx.bus.subscribe<RuleChangedEvent>(RULE_CHANGED, (e) => {
        const p = reload(e).finally(() => reloading.delete(p));
        reloading.add(p);
        return p;
      }));
      let warnedAt = 0;
      const tick = setInterval(() => {
        void engine.tick().catch((err: unknown) => ctx.log.error({ err }, 'no-data tick failed'));
        // A stalled engine says so in the log too (at most once a minute), not only in /metrics.
        const q = engine.queueStats();
        if (q.oldestWaitingMs > 30_000 && now() - warnedAt > 60_000) {
          warnedAt = now();
          ctx.log.error({ queueDepth: q.depth, lagMs: q.oldestWaitingMs }, 'rule engine is stalled: updates wait longer than 30 s');
        }
      }, opts.tickMs ?? 10_000);
      const snap = setInterval(() => void snapshot().catch((err: unknown) => ctx.log.error({ err }, 'rule state snapshot failed')), opts.snapshotMs);
      tick.unref();
      snap.unref();
      timers.push(tick, snap);
      started = true;
    },

    async stop() {
      for (const u of unsubs.splice(0)) u();
      for (const t of timers.splice(0)) clearInterval(t);
      if (!started) return;
      started = false;
      await engine.idle();
      await snapshot();
    },
  };
}

export type RulesRuntime = ReturnType<typeof createRulesRuntime>;
