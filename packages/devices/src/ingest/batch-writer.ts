import type { ContextBrokerService, ObservationBatchItem } from '@zhicheng/context-broker';
import { isDatabaseUnavailable, type Logger } from '@zhicheng/kernel';
import { INGEST } from '../errors.js';
import type { DeadLetterInput } from './dead-letters-repository.js';
import type { Prepared } from './pipeline.js';

export interface WriterOptions {
  /** Messages held (queued or being written) before intake waits. */
  maxQueued: number;
  /** Messages per database round trip. */
  maxBatch: number;
  /**
   * Batches written at the same time (PGlite: 1). Each writer owns a lane of entities (by a
   * hash of the entity id), so two concurrent transactions never update the same entity row.
   */
  concurrency: number;
}

export interface WriterSinks {
  /** The durable write of observations (history + latest state + events): the context broker. */
  observations: Pick<ContextBrokerService, 'writeObservations'>;
  deadLetters: { insertMany(list: DeadLetterInput[]): Promise<void> };
  /** Called after each commit with the devices heard from. */
  committed?(deviceIds: string[], at: number): void;
  metrics?: { committed(points: number, messages: number, dead: DeadLetterInput[], seconds: number): void; queue(n: number): void };
}

interface Entry {
  p: Prepared;
  resolve(stored: Prepared): void;
}

/** Failures worth retrying as they are: connection loss, shutdown, lack of resources, serialisation. */
export function isTransient(err: unknown): boolean {
  if (isDatabaseUnavailable(err)) return true;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^(08|53|57|40|58)/.test(code);
}

/**
 * Group commit: messages queue up while a batch is being written; when a writer is free it
 * takes everything queued (up to maxBatch) in one transaction. Each message's promise
 * resolves only after the batch holding it has committed — that is what lets a transport
 * acknowledge (PUBACK, HTTP 2xx, JetStream ack) and mean "stored".
 *
 * Bounded: `offer` waits while maxQueued messages are held, so a slow database slows intake.
 * Transient database failures are retried with backoff (nothing is acknowledged meanwhile);
 * a batch the database rejects for its data is split until the bad message is found, which
 * becomes a dead letter.
 */
export function createBatchWriter(sinks: WriterSinks, opts: WriterOptions, log: Logger) {
  const lanes = Array.from({ length: Math.max(1, opts.concurrency) }, () => ({ queue: [] as Entry[], running: false }));
  let held = 0;
  let closed = false;
  const spaceWaiters: (() => void)[] = [];
  const idleWaiters: (() => void)[] = [];
  let scheduled = false;
  const busy = () => lanes.some((l) => l.running);

  const pump = () => {
    scheduled = false;
    for (const lane of lanes) {
      if (lane.running || !lane.queue.length) continue;
      const batch = lane.queue.length <= opts.maxBatch ? lane.queue : lane.queue.slice(0, opts.maxBatch);
      lane.queue = lane.queue.length <= opts.maxBatch ? [] : lane.queue.slice(opts.maxBatch);
      lane.running = true;
      void writeWithRetry(batch).finally(() => {
        lane.running = false;
        held -= batch.length;
        sinks.metrics?.queue(held);
        for (const e of batch) e.resolve(e.p);
        while (held < opts.maxQueued && spaceWaiters.length) spaceWaiters.shift()!();
        if (lanes.some((l) => l.queue.length)) pump();
        else if (!busy()) while (idleWaiters.length) idleWaiters.shift()!();
      });
    }
  };
  // setImmediate lets the rest of one socket read (a chunk of packets) join the batch.
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      setImmediate(pump);
    }
  };
  /** The lane of a message: by its entity (dead letters by device), so an entity's messages stay in order in one lane. */
  const laneOf = (p: Prepared) => {
    if (lanes.length === 1) return lanes[0]!;
    const key = p.ok ? p.item.entityId : (p.dead.deviceId ?? '');
    let h = 0;
    for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
    return lanes[(h >>> 0) % lanes.length]!;
  };

  async function writeWithRetry(batch: Entry[]) {
    let delay = 100;
    for (;;) {
      try {
        await writeBatch(batch.map((e) => e.p));
        return;
      } catch (err) {
        if (!isTransient(err) && batch.length > 1) {
          const mid = batch.length >> 1;
          await writeWithRetry(batch.slice(0, mid));
          await writeWithRetry(batch.slice(mid));
          return;
        }
        if (!isTransient(err)) {
          const p = batch[0]!.p;
          if (p.ok) {
            batch[0]!.p = { ok: false, dead: toDead(p, err) };
            continue;
          }
          // A dead letter the database refuses (it should not happen): keep the bytes, drop every text that could be at fault.
          if (p.dead.reasonCode !== INGEST.rejected || p.dead.transport !== 'fallback') {
            log.error({ err, deviceId: p.dead.deviceId }, 'dead letter refused by the database; storing it with a neutral reason');
            batch[0]!.p = { ok: false, dead: { ...p.dead, transport: 'fallback', deviceId: null, topic: null, reasonCode: INGEST.rejected, reason: `${p.dead.reasonCode}; original reason not storable`, sourceKey: p.dead.sourceKey } };
            continue;
          }
        }
        log.error({ err, messages: batch.length, retryInMs: delay }, 'ingestion write failed; retrying (nothing is acknowledged meanwhile)');
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
  }

  async function writeBatch(list: Prepared[]) {
    const started = process.hrtime.bigint();
    const items: ObservationBatchItem[] = [];
    const dead: DeadLetterInput[] = [];
    const devices: string[] = [];
    let points = 0;
    for (const p of list) {
      if (p.ok) {
        items.push(p.item);
        devices.push(p.device.id);
        points += p.points;
      } else dead.push(p.dead);
    }
    // Dead letters first: they commit even if the observations must be retried.
    if (dead.length) await sinks.deadLetters.insertMany(dead);
    // The store merges the messages of one entity itself (one latest-state write per entity and batch).
    if (items.length) await sinks.observations.writeObservations(items);
    sinks.metrics?.committed(points, items.length, dead, Number(process.hrtime.bigint() - started) / 1e9);
    if (devices.length) sinks.committed?.(devices, Date.now());
  }

  return {
    /** Resolves once the message is durably stored (as observations or as a dead letter). */
    write(p: Prepared): Promise<void> {
      if (closed) return Promise.reject(new Error('ingestion is stopping'));
      if (held < opts.maxQueued) return this.enqueue(p) as Promise<unknown> as Promise<void>;
      return (async () => {
        while (held >= opts.maxQueued) await new Promise<void>((r) => spaceWaiters.push(r));
        await this.enqueue(p);
      })();
    },
    /**
     * Like write, but refuses at once (null) instead of waiting when the queue is full: HTTP
     * answers 503. Each promise gives the message as it was stored: as given, or as the dead
     * letter it became when the database refused it.
     */
    tryWrite(list: Prepared[]): Promise<Prepared>[] | null {
      if (closed || held + list.length > opts.maxQueued) return null;
      return list.map((p) => this.enqueue(p));
    },
    enqueue(p: Prepared): Promise<Prepared> {
      held++;
      sinks.metrics?.queue(held);
      return new Promise<Prepared>((resolve) => {
        const lane = laneOf(p);
        lane.queue.push({ p, resolve });
        if (lane.queue.length >= opts.maxBatch) pump();
        else schedule();
      });
    },
    held: () => held,
    /** Writes everything held, then refuses new messages. */
    async close(): Promise<void> {
      closed = true;
      pump();
      while (held > 0 || busy()) await new Promise<void>((r) => idleWaiters.push(r));
      while (spaceWaiters.length) spaceWaiters.shift()!();
    },
  };
}

export type BatchWriter = ReturnType<typeof createBatchWriter>;

function toDead(p: Extract<Prepared, { ok: true }>, err: unknown): DeadLetterInput {
  return {
    transport: 'pipeline', deviceId: p.device.id, topic: null, reasonCode: INGEST.rejected,
    reason: `the store rejected it: ${(err as Error).message?.slice(0, 300)}`, receivedAt: Date.now(),
    payload: Buffer.from(JSON.stringify({ entityId: p.item.entityId, attrs: p.item.attrs })),
  };
}
