import type { Logger } from 'pino';
import { subjectMatches, type Bus, type BusHandler, type SubscribeOptions } from './types.js';

interface Sub {
  pattern: string;
  handler: BusHandler;
  queue?: string;
}

/**
 * The in-process bus of the embedded mode. Delivery is asynchronous (never inside the
 * publisher's call stack) so a slow or failing subscriber cannot break a publisher;
 * handler errors are logged. Queue groups deliver each message to one member, round robin.
 */
export function createMemoryBus(log: Logger): Bus {
  const subs = new Set<Sub>();
  const inFlight = new Set<Promise<void>>();
  const rr = new Map<string, number>();
  let closed = false;

  const deliver = (sub: Sub, payload: unknown, subject: string) => {
    const p = (async () => {
      await Promise.resolve();
      try {
        await sub.handler(payload, subject);
      } catch (err) {
        log.error({ err, subject, pattern: sub.pattern }, 'bus handler failed');
      }
    })();
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  return {
    mode: 'memory',
    async publish(subject, payload) {
      if (closed) throw new Error('bus is closed');
      const groups = new Map<string, Sub[]>();
      for (const sub of subs) {
        if (!subjectMatches(sub.pattern, subject)) continue;
        if (sub.queue) {
          const key = `${sub.queue}|${sub.pattern}`;
          groups.set(key, [...(groups.get(key) ?? []), sub]);
        } else deliver(sub, payload, subject);
      }
      for (const [key, members] of groups) {
        const i = (rr.get(key) ?? 0) % members.length;
        rr.set(key, i + 1);
        deliver(members[i]!, payload, subject);
      }
    },
    subscribe<T>(pattern: string, handler: BusHandler<T>, opts: SubscribeOptions = {}) {
      const sub: Sub = { pattern, handler: handler as BusHandler, ...(opts.queue ? { queue: opts.queue } : {}) };
      subs.add(sub);
      return () => subs.delete(sub);
    },
    status: () => ({ status: closed ? 'down' : 'ok', mode: 'memory' }),
    async close() {
      closed = true;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      subs.clear();
    },
  };
}
