import type { Logger } from '@zhicheng/kernel';
import type { RuleSignal } from '@zhicheng/rules';

/**
 * Collects rule signals from the bus and hands them to the writer in batches: while one
 * batch commits, the next accumulates, so a burst becomes a few transactions, not thousands.
 */
export function createSignalIntake(write: (batch: RuleSignal[]) => Promise<unknown>, log: Logger, maxBatch = 5000) {
  let buffer: RuleSignal[] = [];
  let running: Promise<void> | null = null;
  let waiting = 0;

  const run = async () => {
    while (buffer.length) {
      const batch = buffer.length > maxBatch ? buffer.splice(0, maxBatch) : buffer;
      if (batch === buffer) buffer = [];
      waiting = buffer.length;
      try {
        await write(batch);
      } catch (err) {
        log.error({ err, signals: batch.length }, 'writing alarm signals failed');
      }
    }
    waiting = 0;
  };

  return {
    push(signals: RuleSignal[]) {
      buffer.push(...signals);
      running ??= run().finally(() => {
        running = null;
      });
    },
    /** Resolves once every signal pushed so far is written. */
    async drain() {
      while (running) await running;
    },
    get depth() {
      return buffer.length + waiting;
    },
  };
}
