import type { Logger } from '@zhicheng/kernel';
import { AckPolicy, DiscardPolicy, RetentionPolicy, StorageType, type JetStreamClient, type NatsConnection } from 'nats';
import type { Prepared } from '../ingest/pipeline.js';
import { encodeBatch } from './batch-codec.js';

/** Stream, subject and durable consumer names derived from ZC_INGEST_STREAM. */
export const streamNames = (stream: string) => ({ stream, subject: `${stream.toLowerCase()}.batches`, durable: `${stream.toLowerCase()}-writer` });
export type StreamNames = ReturnType<typeof streamNames>;
const MAX_BYTES = 512 * 1024;

/**
 * Declares the ingestion stream: file storage, work-queue retention (a batch leaves once a
 * writer acknowledged it after its commit), a 2-minute duplicate window for publish retries.
 * Durability of an acknowledged publish depends on the server's fsync: see README
 * ("JetStream durability": `jetstream { sync_interval: always }`, nats-server ≥ 2.10).
 */
export async function ensureStream(nc: NatsConnection, n: StreamNames, replicas: number): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const config = {
    name: n.stream, subjects: [n.subject], storage: StorageType.File, retention: RetentionPolicy.Workqueue,
    discard: DiscardPolicy.New, num_replicas: replicas, duplicate_window: 120_000_000_000, max_msg_size: 1024 * 1024,
  };
  try {
    await jsm.streams.info(n.stream);
    await jsm.streams.update(n.stream, config);
  } catch {
    await jsm.streams.add(config);
  }
  try {
    await jsm.consumers.info(n.stream, n.durable);
  } catch {
    await jsm.consumers.add(n.stream, { durable_name: n.durable, ack_policy: AckPolicy.Explicit, ack_wait: 30_000_000_000, max_ack_pending: 64, max_deliver: -1 });
  }
}

/**
 * The ingest side of the hand-off: prepared messages are grouped (the same group commit as the
 * database writer) into batches of at most 512 KB, each published to JetStream and awaited;
 * a message's promise resolves when the stream has acknowledged its batch, and only then
 * does the transport acknowledge (PUBACK, HTTP 200). Bounded like the writer.
 */
export function createJetStreamHandoff(js: JetStreamClient, n: StreamNames, log: Logger, opts: { maxQueued: number; maxBatch: number }) {
  const queue: { p: Prepared; resolve(): void; reject(e: Error): void }[] = [];
  let held = 0;
  let running = 0;
  let closed = false;
  let scheduled = false;
  const space: (() => void)[] = [];
  const idle: (() => void)[] = [];
  let seq = 0;
  const origin = `${process.pid}-${Date.now().toString(36)}`;

  const publish = async (batch: typeof queue) => {
    const data = encodeBatch(batch.map((e) => e.p));
    if (data.length > MAX_BYTES && batch.length > 1) {
      const mid = batch.length >> 1;
      await publish(batch.slice(0, mid));
      await publish(batch.slice(mid));
      return;
    }
    const msgID = `${origin}-${seq++}`;
    let delay = 100;
    for (;;) {
      try {
        await js.publish(n.subject, data, { msgID });
        return;
      } catch (err) {
        log.error({ err, retryInMs: delay }, 'JetStream hand-off failed; retrying (nothing is acknowledged meanwhile)');
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
  };

  const pump = () => {
    scheduled = false;
    while (running < 4 && queue.length) {
      const batch = queue.splice(0, opts.maxBatch);
      running++;
      void publish(batch).finally(() => {
        running--;
        held -= batch.length;
        for (const e of batch) e.resolve();
        while (held < opts.maxQueued && space.length) space.shift()!();
        if (queue.length) pump();
        else if (running === 0) while (idle.length) idle.shift()!();
      });
    }
  };
  const enqueue = (p: Prepared) => {
    held++;
    return new Promise<void>((resolve, reject) => {
      queue.push({ p, resolve, reject });
      if (queue.length >= opts.maxBatch) pump();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(pump);
      }
    });
  };
  return {
    async write(p: Prepared) {
      if (closed) throw new Error('ingestion is stopping');
      while (held >= opts.maxQueued) await new Promise<void>((r) => space.push(r));
      return enqueue(p);
    },
    tryWrite(list: Prepared[]) {
      if (closed || held + list.length > opts.maxQueued) return null;
      // In the stream, as given: the writer process decides the rest.
      return list.map((p) => enqueue(p).then(() => p));
    },
    held: () => held,
    async close() {
      closed = true;
      pump();
      while (held > 0 || running > 0) await new Promise<void>((r) => idle.push(r));
    },
  };
}
