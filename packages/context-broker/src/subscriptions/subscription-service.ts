import { randomUUID } from 'node:crypto';
import type { Db, Logger } from '@zhicheng/kernel';
import type { Caller } from '../entities/entity-service.js';
import type { TermResolver } from '../context/term-map.js';
import { NgsiError } from '../errors.js';
import type { Matcher } from './matcher.js';
import { NGSI_NULL } from './change-events.js';
import { assertPublicEndpoint } from './ssrf.js';
import { createSubscriptionRepository, type OwnerFilter, type SubscriptionRow } from './subscription-repository.js';
import { DEFAULT_TRIGGERS, normalizeSubscription, type StoredSubscription } from './subscription-model.js';

/** ngsi:manage reaches every subscription; others their own (none, if they have no identity). */
export const MANAGE_SUBSCRIPTIONS = 'ngsi:manage';
function ownerFilter(caller: Caller): OwnerFilter {
  const p = caller.access.principal;
  if (!p) return caller.access.read.all ? null : '';
  return p.can(MANAGE_SUBSCRIPTIONS) ? null : `${p.kind}:${p.id}`;
}

/** Subscriptions: stored expanded, compiled into the matcher, reloaded when any process changes them. */
export function createSubscriptionService(d: { db: Db; log: Logger; matcher: Matcher; allowPrivate: boolean }) {
  const repo = createSubscriptionRepository(d.db);
  let rows = new Map<string, SubscriptionRow>();
  let version = '';
  let timer: NodeJS.Timeout | null = null;

  async function reload() {
    const all = await repo.all();
    await d.matcher.load(all);
    rows = new Map(all.map((r) => [`${r.tenant}\n${r.id}`, r]));
    version = await repo.version();
  }

  const render = (row: SubscriptionRow, r: TermResolver): Record<string, unknown> => {
    const s = row.body;
    const expired = row.expires_at && new Date(row.expires_at).getTime() <= Date.now();
    const out: Record<string, unknown> = { id: s.id, type: 'Subscription' };
    if (s.subscriptionName) out.subscriptionName = s.subscriptionName;
    if (s.description) out.description = s.description;
    if (s.entities) out.entities = s.entities.map((e) => ({ ...(e.id ? { id: e.id } : {}), ...(e.idPattern ? { idPattern: e.idPattern } : {}), ...(e.type ? { type: r.compact(e.type) } : {}) }));
    if (s.watchedAttributes) out.watchedAttributes = s.watchedAttributes.map((a) => r.compact(a));
    if (s.q) out.q = s.q;
    if (s.geoQ) out.geoQ = { ...s.geoQ, ...(s.geoQ.geoproperty ? { geoproperty: r.compact(s.geoQ.geoproperty) } : {}) };
    if (s.scopeQ) out.scopeQ = s.scopeQ;
    if (s.lang) out.lang = s.lang;
    const iso = (t: Date | null) => (t ? new Date(t).toISOString() : undefined);
    out.notification = {
      ...(s.notification.attributes ? { attributes: s.notification.attributes.map((a) => r.compact(a)) } : {}),
      format: s.notification.format, endpoint: s.notification.endpoint, ...(s.notification.sysAttrs ? { sysAttrs: true } : {}),
      status: row.last_failure && (!row.last_success || row.last_failure > row.last_success) ? 'failed' : 'ok',
      timesSent: row.times_sent, timesFailed: row.times_failed,
      ...(row.last_notification ? { lastNotification: iso(row.last_notification) } : {}),
      ...(row.last_success ? { lastSuccess: iso(row.last_success) } : {}),
      ...(row.last_failure ? { lastFailure: iso(row.last_failure) } : {}),
    };
    out.notificationTrigger = s.notificationTrigger ?? [...DEFAULT_TRIGGERS];
    if (s.timeInterval) out.timeInterval = s.timeInterval;
    if (s.throttling) out.throttling = s.throttling;
    if (s.expiresAt) out.expiresAt = s.expiresAt;
    out.isActive = s.isActive;
    out.status = !s.isActive ? 'paused' : expired ? 'expired' : 'active';
    return out;
  };

  const check = async (s: StoredSubscription) => {
    await assertPublicEndpoint(s.notification.endpoint.uri, d.allowPrivate);
  };

  return {
    reload,
    row: (tenant: string, id: string) => rows.get(`${tenant}\n${id}`),
    /** Every subscription as last loaded (the periodic notifier walks them). */
    rows: () => [...rows.values()],
    render,
    async create(caller: Caller, body: unknown): Promise<string> {
      const b = body as Record<string, unknown> | null;
      const s = normalizeSubscription(body, caller.resolver, b && typeof b === 'object' && b.id !== undefined ? null : `urn:ngsi-ld:Subscription:${randomUUID()}`);
      await check(s);
      if (!caller.access.read.all && !caller.access.read.clauses.length) throw new NgsiError('Forbidden', 'Subscribing needs the permission entities:read.');
      const principal = caller.access.principal;
      const owner = principal ? `${principal.kind}:${principal.id}` : null;
      const ok = await repo.insert(caller.tenant, s, caller.resolver.context, caller.access.read, principal?.departmentId ?? null, owner);
      if (!ok) throw new NgsiError('AlreadyExists', `Subscription ${s.id} already exists.`);
      await reload();
      return s.id;
    },
    /** Someone else's subscription is answered as not found, as one that does not exist. */
    async get(caller: Caller, id: string): Promise<SubscriptionRow> {
      const row = await repo.get(caller.tenant, id, ownerFilter(caller));
      if (!row) throw new NgsiError('ResourceNotFound', `Subscription ${id} was not found.`);
      return row;
    },
    list: (caller: Caller, limit: number, offset: number) => repo.list(caller.tenant, ownerFilter(caller), limit, offset),
    async update(caller: Caller, id: string, patch: unknown): Promise<void> {
      const row = await this.get(caller, id);
      if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new NgsiError('BadRequestData', 'The patch must be a JSON object.');
      const { '@context': _c, ...p } = patch as Record<string, unknown>;
      if (p.id !== undefined && p.id !== id) throw new NgsiError('BadRequestData', 'The subscription id cannot change.');
      const current = render(row, caller.resolver);
      for (const k of ['status', 'type']) delete current[k];
      const n = current.notification as Record<string, unknown>;
      for (const k of ['status', 'timesSent', 'timesFailed', 'lastNotification', 'lastSuccess', 'lastFailure']) delete n[k];
      const merged: Record<string, unknown> = { ...current, ...p, notification: p.notification ? { ...n, ...(p.notification as object) } : n };
      // A member patched to null (JSON null or the NGSI-LD Null) is removed (clause 5.8.2).
      const isNull = (v: unknown) => v === null || v === NGSI_NULL;
      for (const [k, v] of Object.entries(merged)) if (isNull(v)) delete merged[k];
      for (const [k, v] of Object.entries(merged.notification as Record<string, unknown>)) if (isNull(v)) delete (merged.notification as Record<string, unknown>)[k];
      // The stored default is not a choice the client made: it must not block a change to timeInterval.
      if (!row.body.notificationTrigger && p.notificationTrigger === undefined) delete merged.notificationTrigger;
      const s = normalizeSubscription(merged, caller.resolver, id);
      if (s.notification.endpoint.uri !== row.body.notification.endpoint.uri) await check(s);
      await repo.update(caller.tenant, s);
      await reload();
    },
    async delete(caller: Caller, id: string): Promise<void> {
      if (!(await repo.delete(caller.tenant, id, ownerFilter(caller)))) throw new NgsiError('ResourceNotFound', `Subscription ${id} was not found.`);
      await reload();
    },
    /** Picks up changes made by other processes. */
    startPolling(ms = 2000) {
      timer = setInterval(() => {
        repo.version().then((v) => (v !== version ? reload() : undefined)).catch((err: unknown) => d.log.error({ err }, 'subscription reload failed'));
      }, ms);
      timer.unref();
    },
    stopPolling() {
      if (timer) clearInterval(timer);
    },
  };
}

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;
