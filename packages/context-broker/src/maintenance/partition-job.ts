import type { Logger } from '@zhicheng/kernel';
import type { Retention } from '../retention.js';
import type { PartitionManager } from '../temporal/partitions.js';

const DAY = 86_400_000;

/**
 * Creates the day partitions of the next week ahead (so writes never wait on DDL) and drops
 * those past their retention, at start and then every hour. Dropping a partition is O(1); a
 * mass DELETE would bloat the table and the WAL.
 */
export function startPartitionJob(partitions: PartitionManager, retention: Retention, log: Logger, opts: { intervalMs?: number; now?: () => number } = {}) {
  const now = opts.now ?? Date.now;
  let running: Promise<void> | null = null;
  const run = async () => {
    try {
      const t = now();
      const days = Array.from({ length: 9 }, (_, i) => t + (i - 1) * DAY);
      const seen = new Set<string>();
      for (const c of retention.classes()) {
        const k = `${c.historyDays}/${c.rollupDays}`;
        if (seen.has(k)) continue;
        seen.add(k);
        await partitions.ensureFor(c.historyDays, c.rollupDays, days);
      }
      const dropped = await partitions.dropExpired(t);
      if (dropped.length) log.info({ dropped }, 'expired history partitions dropped');
    } catch (err) {
      log.error({ err }, 'partition maintenance failed');
    }
  };
  running = run();
  const timer = setInterval(() => {
    running = run();
  }, opts.intervalMs ?? 3_600_000);
  timer.unref();
  return {
    /** Resolves when the run in progress is done. */
    settled: () => running ?? Promise.resolve(),
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
