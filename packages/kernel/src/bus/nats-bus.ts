import { connect, JSONCodec, type NatsConnection, type Subscription } from 'nats';
import type { Logger } from 'pino';
import { StartupError } from '../errors.js';
import type { Bus, BusHandler, SubscribeOptions } from './types.js';

const PREFIX = 'zc.';

/**
 * The bus over NATS when the platform runs as several processes. Events are core NATS
 * messages under `zc.`; durable hand-offs (ingestion batches) use JetStream streams of
 * their own, declared by the modules that need them, through `connection()`.
 */
export async function createNatsBus(url: string, log: Logger): Promise<Bus & { connection(): NatsConnection }> {
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: url.split(','), name: 'zhicheng', maxReconnectAttempts: -1, reconnectTimeWait: 1000 });
  } catch (err) {
    throw new StartupError(`Cannot reach NATS at ${url} (NATS_URL): ${(err as Error).message}`);
  }
  const codec = JSONCodec();
  const subs = new Set<Subscription>();
  const inFlight = new Set<Promise<void>>();
  let state: 'ok' | 'down' = 'ok';
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') state = 'down';
      if (s.type === 'reconnect') state = 'ok';
      log.warn({ natsStatus: s.type }, 'NATS connection status changed');
    }
  })();

  return {
    mode: 'nats',
    connection: () => nc,
    async publish(subject, payload) {
      nc.publish(PREFIX + subject, codec.encode(payload));
    },
    subscribe<T>(pattern: string, handler: BusHandler<T>, opts: SubscribeOptions = {}) {
      const sub = nc.subscribe(PREFIX + pattern, opts.queue ? { queue: opts.queue } : {});
      subs.add(sub);
      void (async () => {
        for await (const msg of sub) {
          const p = (async () => {
            try {
              await handler(codec.decode(msg.data) as T, msg.subject.slice(PREFIX.length));
            } catch (err) {
              log.error({ err, subject: msg.subject }, 'bus handler failed');
            }
          })();
          inFlight.add(p);
          void p.finally(() => inFlight.delete(p));
        }
      })();
      return () => {
        sub.unsubscribe();
        subs.delete(sub);
      };
    },
    status: () => ({ status: nc.isClosed() ? 'down' : state, mode: 'nats' }),
    async close() {
      if (nc.isClosed()) return;
      await nc.drain();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
