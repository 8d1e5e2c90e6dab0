import { contextBrokerServiceKey } from '@zhicheng/context-broker';
import { serviceKey, type ModuleContext } from '@zhicheng/kernel';
import type { Connectivity } from '../connectivity/connectivity.js';
import type { DeviceDirectory } from '../registry/device-directory.js';
import { createBatchWriter, type BatchWriter } from './batch-writer.js';
import type { DeadLettersRepository } from './dead-letters-repository.js';
import { createIngestMetrics } from './ingest-metrics.js';
import { createPipeline, type Inbound, type Prepared } from './pipeline.js';

/**
 * Telemetry intake shared by every transport: prepare (parse, identify, map, validate), then
 * the batch writer. `ingest` resolves only when the message is durably stored, as
 * observations or as a dead letter.
 */
export interface IngestService {
  prepare(m: Inbound): Promise<Prepared>;
  ingest(m: Inbound): Promise<Prepared>;
  /** Writes an already prepared message; resolves after its commit. */
  write(p: Prepared): Promise<void>;
  /** HTTP: null when the queue is full (answer 503), else one promise per message: the message as stored (a dead letter if the store refused it). */
  tryIngest(list: Prepared[]): Promise<Prepared>[] | null;
  refused(): void;
  held(): number;
  close(): Promise<void>;
}

export const ingestServiceKey = serviceKey<IngestService>('devices.ingest');

/** Where prepared messages go: the database writer, or the JetStream hand-off in scale-out mode. */
export interface IntakeSink {
  write(p: Prepared): Promise<void>;
  tryWrite(list: Prepared[]): Promise<Prepared>[] | null;
  held(): number;
  close(): Promise<void>;
}

export function createIngestService(ctx: ModuleContext, dir: DeviceDirectory, deadLetters: DeadLettersRepository, connectivity: Connectivity, handoff?: IntakeSink): IngestService & { writer: BatchWriter } {
  const metrics = createIngestMetrics(ctx.metrics);
  const prepare = createPipeline(dir);
  const writer = createBatchWriter(
    {
      observations: ctx.services.get(contextBrokerServiceKey),
      deadLetters,
      committed: (ids, at) => connectivity.seen(ids, at),
      metrics,
    },
    {
      maxQueued: ctx.config.ZC_INGEST_MAX_QUEUED,
      maxBatch: ctx.config.ZC_INGEST_BATCH,
      concurrency: ctx.db.engine === 'pglite' ? 1 : ctx.config.ZC_INGEST_WRITERS,
    },
    ctx.log,
  );
  const sink: IntakeSink = handoff ?? writer;
  return {
    writer,
    prepare,
    ingest(m) {
      // Most messages are mapped at once (prepare.now): one promise per message, the write's.
      const now = prepare.now(m);
      if (now) return sink.write(now).then(() => now);
      return prepare(m).then((p) => sink.write(p).then(() => p));
    },
    write: (p) => sink.write(p),
    tryIngest: (list) => sink.tryWrite(list),
    refused: () => metrics.refused(),
    held: () => sink.held(),
    async close() {
      if (handoff) await handoff.close();
      await writer.close();
    },
  };
}
