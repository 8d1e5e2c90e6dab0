import { geoServiceKey } from '@zhicheng/geo';
import { openThreadedPostgresDb, type ModuleContext } from '@zhicheng/kernel';
import type { FastifyRequest } from 'fastify';
import { createAccess, type CallerAccess } from './access.js';
import { SDM_CONTEXT_URL } from './context/bundled-contexts.js';
import { createContextLoader } from './context/context-loader.js';
import { createContextStore } from './context/context-store.js';
import { createResolverCache, type TermResolver } from './context/term-map.js';
import { createEntityService, type Caller } from './entities/entity-service.js';
import { createPipeline } from './entities/pipeline.js';
import { createPlaces } from './entities/places.js';
import { createBulkWriter } from './ingest/bulk-write.js';
import { createRetention } from './retention.js';
import { createInlineContexts, requestResolver } from './routes/negotiation.js';
import { createMatcher } from './subscriptions/matcher.js';
import { createOutboxHub } from './subscriptions/outbox-hub.js';
import { createSubscriptionService } from './subscriptions/subscription-service.js';
import { createHistoryKeys } from './temporal/history-keys.js';
import { createTypeCounter } from './temporal/history-writer.js';
import { createPartitionManager } from './temporal/partitions.js';
import { createTenants } from './tenants.js';

/** Everything the broker's routes, workers and services share, built once per platform. */
export async function createBroker(ctx: ModuleContext) {
  const contexts = createContextStore(ctx.db, ctx.log);
  const loader = createContextLoader({ allowedHosts: ctx.config.ZC_LDCONTEXT_HOSTS, store: contexts });
  const resolvers = createResolverCache(loader);
  // Ingestion and bus events speak in Smart Data Models short names, with the core context on top.
  const sdm: TermResolver = await resolvers.get(SDM_CONTEXT_URL);
  const core: TermResolver = await resolvers.get(undefined);
  const access = createAccess(ctx);
  const tenants = createTenants(ctx.db);
  const partitions = createPartitionManager(ctx.db);
  const retention = createRetention(ctx.config);
  const matcher = createMatcher(resolvers);
  const outbox = createOutboxHub();
  const counter = createTypeCounter(ctx.db);
  const keys = createHistoryKeys(ctx.db, ctx.log);
  await keys.load();
  const pipeline = createPipeline({ db: ctx.db, log: ctx.log, bus: ctx.bus, partitions, retention, matcher, sdm, counter, keys, outbox });
  const places = createPlaces(() => ctx.services.find(geoServiceKey));
  const entities = createEntityService({ pipeline, tenants, places });
  const inline = createInlineContexts(contexts);
  const subscriptions = createSubscriptionService({ db: ctx.db, log: ctx.log, matcher, allowPrivate: ctx.config.ZC_ALLOW_PRIVATE_CALLBACKS === '1' });
  // Telemetry batches: with PostgreSQL through a pool served by a thread of its own (threaded-postgres-db.ts).
  const writeDb = ctx.db.engine === 'postgres' && ctx.config.DATABASE_URL && ctx.config.ZC_INGEST_DB_THREAD === 'on'
    ? openThreadedPostgresDb(ctx.config.DATABASE_URL, { max: Math.max(2, ctx.config.ZC_INGEST_WRITERS), prepare: ctx.config.ZC_DB_PREPARE === 'on', applicationName: 'zhicheng-ingest' })
    : ctx.db;
  const bulk = createBulkWriter({ db: ctx.db, writeDb, log: ctx.log, bus: ctx.bus, sdm, partitions, retention, matcher, entities, tenants, counter, keys, outbox });

  return {
    ctx, db: ctx.db, writeDb, contexts, loader, resolvers, sdm, core, access, tenants, partitions, retention, matcher, pipeline, places, entities, inline, bulk, subscriptions, counter, keys,
    /** The outbox worker of this process attaches here: writers hand it what they enqueued. */
    outbox,
    /**
     * Drops the documents and term maps held in memory when another process deleted or
     * replaced a stored @context (polled; this process clears at once when it does so itself).
     */
    watchContexts(ms = 2000): () => void {
      let seen: string | null = null;
      const t = setInterval(() => {
        contexts.version().then((v) => {
          if (seen !== null && v !== seen) {
            loader.clear();
            resolvers.clear();
          }
          seen = v;
        }).catch((err: unknown) => ctx.log.error({ err }, '@context store poll failed'));
      }, ms);
      t.unref();
      return () => clearInterval(t);
    },

    /** Tenant, scopes and context of a request; reads require the tenant to exist. */
    async caller(req: FastifyRequest, opts: { body?: unknown; read?: boolean } = {}): Promise<Caller> {
      const tenant = tenants.parse(req.headers['ngsild-tenant']);
      if (opts.read) await tenants.assertExists(tenant);
      const [resolver, acc] = await Promise.all([requestResolver(req, resolvers, opts.body), access.forCaller(req.principal)]);
      const dept = req.headers['zc-owner-department'];
      const div = req.headers['zc-division'];
      return {
        tenant, access: acc as CallerAccess, resolver,
        owner: { ...(typeof dept === 'string' ? { departmentId: dept } : {}), ...(typeof div === 'string' ? { divisionCode: div } : {}) },
      };
    },
  };
}

export type Broker = Awaited<ReturnType<typeof createBroker>>;
