import { Counter, Gauge, Histogram } from 'prom-client';
import type { Metrics } from '@zhicheng/kernel';
import type { DeadLetterInput } from './dead-letters-repository.js';

/** Ingestion figures on /metrics: messages and points stored, dead letters by reason, queue depth, commit time. */
export function createIngestMetrics(m: Metrics) {
  const registers = [m.registry];
  const messages = new Counter({ name: 'zc_ingest_messages_total', help: 'Telemetry messages durably stored as observations.', registers });
  const points = new Counter({ name: 'zc_ingest_datapoints_total', help: 'Data points (attribute values) durably stored.', registers });
  const dead = new Counter({ name: 'zc_ingest_dead_letters_total', help: 'Messages stored as dead letters, by reason code.', labelNames: ['reason'] as const, registers });
  const queued = new Gauge({ name: 'zc_ingest_queue_messages', help: 'Messages held awaiting their durable write.', registers });
  const commit = new Histogram({ name: 'zc_ingest_commit_seconds', help: 'Time to write one batch.', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers });
  const refused = new Counter({ name: 'zc_ingest_refused_total', help: 'HTTP telemetry requests answered 503 because the queue was full.', registers });
  return {
    committed(p: number, msgs: number, dl: DeadLetterInput[], seconds: number) {
      if (msgs) messages.inc(msgs);
      if (p) points.inc(p);
      for (const d of dl) dead.inc({ reason: d.reasonCode });
      commit.observe(seconds);
    },
    queue: (n: number) => queued.set(n),
    refused: () => refused.inc(),
  };
}
