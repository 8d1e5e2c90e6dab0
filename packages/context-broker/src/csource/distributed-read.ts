import type { Db, Logger } from '@zhicheng/kernel';
import type { FastifyRequest } from 'fastify';
import type { TermResolver } from '../context/term-map.js';
import type { Caller } from '../entities/entity-service.js';
import type { StoredEntity } from '../model/types.js';
import { createForwarder, FORWARDED_HEADER, VIA_PSEUDONYM, type ForwardResult } from './forwarder.js';
import { planSources, type ReadAsk, type SourcePlan } from './matching.js';
import { fromRemote, mergeAll } from './merge.js';
import type { Broker } from '../broker.js';
import { csourceTimeoutMs } from './endpoint-guard.js';
import type { StoredRegistration } from './registration-model.js';
import { createRegistrationRepository } from './registration-repository.js';

/** Entities asked of one source for one query page at most (remote brokers commonly cap limit at 1000). */
export const REMOTE_QUERY_CAP = 1000;
/** With forwarding, offset + limit may be at most this (local rows are read from offset 0). */
export const MAX_MERGED_WINDOW = 10_000;

/** How long a tenant's live registrations are reused by reads. */
const LIVE_TTL_MS = 1000;

const perBroker = new WeakMap<object, DistributedReads>();

/** The broker's one instance (entity routes read through it, registration routes invalidate it). */
export function distributedReadsOf(b: Pick<Broker, 'db' | 'ctx'>): DistributedReads {
  let x = perBroker.get(b);
  if (!x) {
    x = createDistributedReads({ db: b.db, log: b.ctx.log, allowPrivate: b.ctx.config.ZC_ALLOW_PRIVATE_CALLBACKS === '1', timeoutMs: csourceTimeoutMs(b.ctx.config) });
    perBroker.set(b, x);
  }
  return x;
}

/** A request we forwarded ourselves, or that passed another Zhicheng broker, is answered locally only. */
export function isForwarded(req: FastifyRequest): boolean {
  const via = req.headers.via;
  return req.headers[FORWARDED_HEADER] !== undefined || (typeof via === 'string' && via.includes(VIA_PSEUDONYM));
}

/**
 * Distributed reads (clause 4.3.6): which registrations a read goes to, the forwarded requests in
 * parallel, and the merge. Remote entities carry no department or division, so only callers with
 * an unscoped entities:read see them: for anyone else nothing is forwarded.
 */
export function createDistributedReads(d: { db: Db; log: Logger; allowPrivate: boolean; timeoutMs: number }) {
  const repo = createRegistrationRepository(d.db);
  const forwarder = createForwarder(d);
  // Every read of an unscoped caller needs the tenant's registrations: held briefly so the hot
  // path does not pay a query each time. This process drops its copy when it changes one;
  // changes made by another process are seen within LIVE_TTL_MS (expiry too).
  const cache = new Map<string, { at: number; regs: Promise<StoredRegistration[]> }>();

  function live(tenant: string): Promise<StoredRegistration[]> {
    const hit = cache.get(tenant);
    if (hit && Date.now() - hit.at < LIVE_TTL_MS) return hit.regs;
    const regs = repo.live(tenant).then((rows) => rows.map((row) => row.body));
    regs.catch(() => cache.delete(tenant));
    if (cache.size > 1000) cache.clear();
    cache.set(tenant, { at: Date.now(), regs });
    return regs;
  }

  async function plans(req: FastifyRequest, caller: Caller, ask: ReadAsk): Promise<SourcePlan[]> {
    if (!caller.access.read.all || isForwarded(req)) return [];
    const regs = await live(caller.tenant);
    return regs.length ? planSources(regs, ask) : [];
  }

  const wire = (r: TermResolver, core: TermResolver) => (r.linkUrl ? { r, link: r.linkUrl } : { r: core, link: null });
  const warningsOf = (results: ForwardResult[]) => results.flatMap((x) => (x.ok ? [] : [x.warning]));

  return {
    plans,
    /** After this process created, changed or deleted a registration of the tenant. */
    invalidate: (tenant: string) => void cache.delete(tenant),

    /** GET /entities/{id}: the local entity (or null) merged with what the sources hold for the id. */
    async retrieve(caller: Caller, core: TermResolver, id: string, local: StoredEntity | null, sources: SourcePlan[]): Promise<{ entity: StoredEntity | null; warnings: string[] }> {
      const w = wire(caller.resolver, core);
      const results = await Promise.all(sources.map((plan) => {
        const params = new URLSearchParams({ options: 'normalized' });
        if (plan.attrs) params.set('attrs', plan.attrs.map((a) => w.r.compact(a)).join(','));
        return forwarder.get(plan, `/entities/${encodeURIComponent(id)}`, params, w.link, true);
      }));
      const remote = results.map((x, i) => ({ plan: sources[i]!, entities: x.ok ? one(x.body, w.r, sources[i]!.attrs, id) : [] }));
      const [entity] = mergeAll(local ? [local] : [], remote);
      return { entity: entity ?? null, warnings: warningsOf(results) };
    },

    /**
     * GET /entities: each source is asked for the first `window` (capped) entities of the same query;
     * the merged list is what the caller pages through. `total` adds what sources said they hold
     * beyond what was fetched (an upper bound when unfetched entities overlap).
     */
    async query(caller: Caller, core: TermResolver, forward: URLSearchParams, local: { entities: StoredEntity[]; total: number | null }, window: number, sources: SourcePlan[]): Promise<{ entities: StoredEntity[]; total: number | null; warnings: string[] }> {
      const w = wire(caller.resolver, core);
      const limit = Math.min(Math.max(window, 1), REMOTE_QUERY_CAP);
      const results = await Promise.all(sources.map((plan) => {
        const params = new URLSearchParams(forward);
        params.set('options', 'normalized');
        params.set('limit', String(limit));
        params.set('offset', '0');
        if (local.total !== null) params.set('count', 'true');
        if (plan.attrs) params.set('attrs', plan.attrs.map((a) => w.r.compact(a)).join(','));
        return forwarder.get(plan, '/entities', params, w.link, false);
      }));
      const remote = results.map((x, i) => ({ plan: sources[i]!, entities: x.ok ? many(x.body, w.r, sources[i]!.attrs) : [] }));
      const entities = mergeAll(local.entities, remote);
      let total: number | null = null;
      if (local.total !== null) {
        total = entities.length + Math.max(0, local.total - local.entities.length);
        results.forEach((x, i) => {
          if (x.ok && x.count !== null) total! += Math.max(0, x.count - remote[i]!.entities.length);
        });
      }
      return { entities, total, warnings: warningsOf(results) };
    },
  };
}

export type DistributedReads = ReturnType<typeof createDistributedReads>;

function one(body: unknown, r: TermResolver, keep: string[] | null, id: string): StoredEntity[] {
  const e = body === null ? null : fromRemote(body, r, keep);
  return e && e.id === id ? [e] : [];
}

function many(body: unknown, r: TermResolver, keep: string[] | null): StoredEntity[] {
  if (!Array.isArray(body)) return [];
  return body.map((x) => fromRemote(x, r, keep)).filter((e): e is StoredEntity => e !== null);
}
