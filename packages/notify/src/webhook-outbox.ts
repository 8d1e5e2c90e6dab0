import type { Db } from '@zhicheng/kernel';
import { postSigned } from './webhook-sender.js';
import { createWebhookRepository } from './webhook-repository.js';

export interface OutboxOptions {
  now: () => Date;
  allowPrivate: boolean;
  maxAttempts: number;
  /** Opens a webhook key sealed at rest. */
  openSecret(sealed: string): string;
  /** First retry delay; each next one doubles, up to an hour. */
  baseDelayMs?: number;
}

/** Delay before retry number `attempt` + 1 (attempt is 1-based): 10 s, 20 s, 40 s … capped at 1 h. */
export const backoffMs = (attempt: number, base = 10_000) => Math.min(3_600_000, base * 2 ** (attempt - 1));

/**
 * Webhook calls leave through a durable outbox: a row per call, claimed with a lease, POSTed
 * signed, every attempt logged; failures retry with exponential backoff until the attempts
 * run out (then `dead`). A restart loses nothing: unfinished rows are claimed again.
 */
export function createWebhookOutbox(db: Db, opts: OutboxOptions) {
  const repo = createWebhookRepository(db);
  let running: Promise<number> | null = null;

  const runOnce = async (): Promise<number> => {
    let delivered = 0;
    for (;;) {
      const due = await repo.claimDue(opts.now(), 60_000, 50);
      if (!due.length) return delivered;
      await Promise.all(due.map(async (o) => {
        const attempt = o.attempts + 1;
        const at = opts.now();
        const result = await postSigned(o.url, opts.openSecret(o.secret), o.event, o.body, { allowPrivate: opts.allowPrivate, now: at });
        const next = result.ok || attempt >= opts.maxAttempts ? null : new Date(at.getTime() + backoffMs(attempt, opts.baseDelayMs));
        await repo.recordAttempt(o, attempt, at, result, next);
        if (result.ok) delivered++;
      }));
    }
  };

  return {
    /** Delivers every due call (one run at a time); returns how many succeeded. */
    deliverDue(): Promise<number> {
      running ??= runOnce().finally(() => {
        running = null;
      });
      return running;
    },
    async idle() {
      while (running) await running.catch(() => 0);
    },
  };
}
