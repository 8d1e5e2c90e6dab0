import { defineModule, readMigrations, rolesOf } from '@zhicheng/kernel';
import { createBroker, type Broker } from './broker.js';
import { contextBrokerServiceKey } from './ingest/bulk-write.js';
import { startPartitionJob } from './maintenance/partition-job.js';
import { ngsiRoutes } from './routes/ngsi-plugin.js';
import { datahubPointsRoute } from './routes/datahub-points-route.js';
import { datahubRoutes } from './routes/datahub-routes.js';
import { registerMetrics } from './datahub/stats.js';
import { createDeliverer } from './subscriptions/delivery.js';
import { contextBrokerReaderKey, createHistoryReader } from './datahub/history-reader.js';
import { startRollupJob } from './temporal/rollup-job.js';
import { startOutboxWorker } from './subscriptions/outbox-worker.js';
import { startPeriodicNotifier } from './subscriptions/periodic.js';

export { NgsiError, NGSI_ERRORS } from './errors.js';
export { SDM_CONTEXT_URL, CORE_CONTEXT_URL } from './context/bundled-contexts.js';
export { ENTITY_UPDATED, ENTITIES_UPDATED, ENTITY_DELETED, type EntityUpdatedEvent, type EntityDeletedEvent } from './entities/events.js';
export { entityAuthzKey, type EntityAuthz } from './access.js';
export { foldRollups } from './temporal/rollup-job.js';
export { contextBrokerReaderKey, type ContextBrokerReader, type EntitySnapshot, type HistoryPoint } from './datahub/history-reader.js';
export { contextBrokerServiceKey, type ContextBrokerService, type EntityUpsert, type Observation, type ObservationBatchItem, type WriteResult } from './ingest/bulk-write.js';

// One broker per platform (tests boot several platforms in one process).
const brokers = new WeakMap<object, Broker>();
const stops = new WeakMap<object, (() => Promise<void>)[]>();

/** The NGSI-LD context broker and temporal store (schema `ngsi`), under /ngsi-ld/v1. */
export default defineModule({
  name: 'ngsi',
  migrations: readMigrations('ngsi', new URL('../migrations/', import.meta.url)),
  async init(ctx) {
    const b = await createBroker(ctx);
    brokers.set(ctx, b);
    ctx.services.provide(contextBrokerServiceKey, b.bulk);
    ctx.services.provide(contextBrokerReaderKey, createHistoryReader(ctx.db, b.sdm));
    registerMetrics(ctx.metrics, ctx.db, b.partitions, b.sdm, () => b.counter.flush());
  },
  async routes(app, ctx) {
    const b = brokers.get(ctx)!;
    await ngsiRoutes(app, b);
    datahubRoutes(app, b);
    datahubPointsRoute(app, b);
  },
  async start(ctx) {
    const b = brokers.get(ctx)!;
    await b.subscriptions.reload();
    b.subscriptions.startPolling();
    const stopContextPolling = b.watchContexts();
    const flusher = setInterval(() => void b.counter.flush().catch((err: unknown) => ctx.log.error({ err }, 'type statistics flush failed')), 1000);
    flusher.unref();
    const stopFlush = async () => {
      clearInterval(flusher);
      await b.counter.flush().catch(() => undefined);
    };
    const closeWriteDb = async () => {
      if (b.writeDb !== ctx.db) await b.writeDb.close();
    };
    // Background work runs in processes with the worker role (all of them in the embedded mode).
    if (!rolesOf(ctx.config).has('worker')) {
      stops.set(ctx, [async () => b.subscriptions.stopPolling(), async () => stopContextPolling(), stopFlush, closeWriteDb]);
      return;
    }
    const job = startPartitionJob(b.partitions, b.retention, ctx.log);
    await job.settled();
    const rollups = startRollupJob(ctx.db, ctx.log);
    const deliverer = createDeliverer();
    const worker = startOutboxWorker({ db: ctx.db, log: ctx.log, resolvers: b.resolvers, deliverer, subscription: b.subscriptions.row });
    const unhook = b.outbox.attach(worker);
    const periodic = startPeriodicNotifier({ db: ctx.db, log: ctx.log, matcher: b.matcher, rows: b.subscriptions.rows, onEnqueued: () => worker.wake() });
    stops.set(ctx, [job.stop, async () => b.subscriptions.stopPolling(), async () => stopContextPolling(), periodic.stop, async () => void unhook(), worker.stop, deliverer.close, rollups.stop, stopFlush, closeWriteDb]);
  },
  async stop(ctx) {
    for (const s of stops.get(ctx) ?? []) await s();
  },
});
