import type { Logger } from '@zhicheng/kernel';
import type { NatsConnection } from 'nats';
import type { BatchWriter } from '../ingest/batch-writer.js';
import { INGEST } from '../errors.js';
import { decodeBatch } from './batch-codec.js';
import type { StreamNames } from './jetstream-handoff.js';

/**
 * The worker side: a durable pull consumer shared by every writer process. A batch is
 * acknowledged to JetStream only after all its messages have committed to the database; a
 * writer killed before that leaves the batch unacknowledged, and JetStream redelivers it
 * (after ack_wait) to a writer that is alive. Redelivery is harmless: instants are fixed and
 * the history key makes a repeated (entity, instant) a no-op; dead letters carry source keys.
 */
export async function startJetStreamWriter(nc: NatsConnection, n: StreamNames, writer: BatchWriter, log: Logger): Promise<() => Promise<void>> {
  const js = nc.jetstream();
  const consumer = await js.consumers.get(n.stream, n.durable);
  const messages = await consumer.consume({ max_messages: 32 });
  const inFlight = new Set<Promise<void>>();
  const loop = (async () => {
    for await (const m of messages) {
      let list;
      try {
        list = decodeBatch(m.data, `js:${m.info.streamSequence}`);
      } catch (err) {
        // Not readable: kept as a dead letter (raw bytes), then taken off the stream.
        log.error({ err, seq: m.info.streamSequence }, 'undecodable ingestion batch; stored as a dead letter');
        const dead = { transport: 'jetstream', deviceId: null, topic: m.subject, reasonCode: INGEST.malformed, reason: `undecodable batch: ${(err as Error).message}`, payload: Buffer.from(m.data), receivedAt: Date.now(), sourceKey: `js:${m.info.streamSequence}` };
        await writer.write({ ok: false, dead }).then(() => m.ack(), () => m.nak(1000));
        continue;
      }
      const p = Promise.all(list.map((x) => writer.write(x))).then(() => m.ack(), (err: Error) => {
        log.error({ err }, 'ingestion batch not written; it will be redelivered');
        m.nak(1000);
      });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
  })();
  log.info({ stream: n.stream, consumer: n.durable }, 'writing ingestion batches from JetStream');
  return async () => {
    await messages.close();
    await loop.catch(() => {});
    await Promise.allSettled([...inFlight]);
  };
}
