import { randomUUID } from 'node:crypto';
import { createSerialRunner, type Db, type Logger } from '@zhicheng/kernel';
import type { ResolverCache } from '../context/term-map.js';
import { renderEntity } from '../model/render.js';
import type { StoredEntity } from '../model/types.js';
import { deletedEntityView } from './change-events.js';
import type { Deliverer } from './delivery.js';
import type { LeasedRow, OutboxLease, OutboxTaker } from './outbox-hub.js';
import type { SubscriptionRow } from './subscription-repository.js';

export interface WorkerOptions {
  db: Db;
  log: Logger;
  resolvers: ResolverCache;
  deliverer: Deliverer;
  /** The current subscription rows by `${tenant}\n${id}` (the service keeps them loaded). */
  subscription(tenant: string, id: string): SubscriptionRow | undefined;
  batchSize?: number;
  leaseSeconds?: number;
  /** Longest pause between retries of a failing endpoint. */
  maxBackoffSeconds?: number;
  /** Heartbeat period; a worker silent for three periods has lost its leases. */
  heartbeatSeconds?: number;
  /** How long a pass waits for its deliveries before going on without the slow ones (default 250 ms). */
  waitMs?: number;
  /** Most rows held in memory from writers of this process; beyond it new rows are left for polling. */
  maxHanded?: number;
}

/**
 * Drains the outbox: leases due rows (SKIP LOCKED, so several processes share the work),
 * sends one notification per subscription with all its entities, deletes what was delivered
 * and reschedules what failed with exponential backoff. A crash leaves leased rows to be
 * retried when the lease ends: delivery is at least once, never lost.
 *
 * Rows that this process's writers wrote under this worker's lease arrive in memory after their
 * commit (`handOff`, see outbox-hub.ts) and are sent without being read back. They are taken
 * first; the table is still polled at least once a second (retries that came due, rows of a
 * stopped worker), and a handed row not sent within half its lease is dropped from memory and
 * left to polling, so it is never sent by both paths.
 */
export function startOutboxWorker(o: WorkerOptions): OutboxTaker & { stop(): Promise<void> } {
  const batch = o.batchSize ?? 2000;
  const lease = o.leaseSeconds ?? 60;
  const maxBackoff = o.maxBackoffSeconds ?? 600;
  const beat = o.heartbeatSeconds ?? 5;
  const me = randomUUID();
  // How long a pass waits for its deliveries before acknowledging those that finished.
  const WAIT_MS = o.waitMs ?? 250;
  let stopped = false;
  let wake: (() => void) | null = null;
  let pending = false;
  let ready = false;
  const maxHanded = o.maxHanded ?? 20_000;
  const handed: { row: LeasedRow; at: number }[] = [];
  let lastPoll = 0;

  const heartbeat = () => o.db.query(
    `insert into ngsi.outbox_workers (id, seen_at) values ($1, now()) on conflict (id) do update set seen_at = now()`, [me],
  );
  const beating = setInterval(() => void heartbeat().catch((err: unknown) => o.log.warn({ err }, 'outbox worker heartbeat failed')), beat * 1000);
  beating.unref();

  /** Announces this worker; embedded (PGlite) data belongs to one process, so every lease left is a dead one's. */
  async function init() {
    await heartbeat();
    await o.db.query('delete from ngsi.outbox_workers where seen_at < now() - interval \'1 day\'');
    if (o.db.engine === 'pglite') await o.db.query('update ngsi.notification_outbox set leased_until = null, leased_by = null where leased_until is not null');
  }

  /** Handed rows first (those still well within their lease); the table at least once a second. */
  async function take(): Promise<LeasedRow[]> {
    const fresh = Date.now() - (lease * 1000) / 2;
    while (handed.length && handed[0]!.at < fresh) handed.shift();
    if (handed.length && Date.now() - lastPoll < 1000) return handed.splice(0, batch).map((h) => h.row);
    lastPoll = Date.now();
    const polled = await poll();
    return polled.length ? polled : handed.splice(0, batch).map((h) => h.row);
  }

  async function poll(): Promise<LeasedRow[]> {
    // Free: never leased, lease run out, or held by a worker that stopped beating (killed).
    return o.db.query<LeasedRow>(
      `with due as (
         select id from ngsi.notification_outbox x
         where next_attempt_at <= now() and (leased_until is null or leased_until < now() or leased_by is null or not exists (
           select 1 from ngsi.outbox_workers w where w.id = x.leased_by and w.seen_at > now() - make_interval(secs => $4)))
         order by id limit $1 for update skip locked)
       update ngsi.notification_outbox x set leased_until = now() + make_interval(secs => $2), leased_by = $3
       from due where x.id = due.id
       returning x.id, x.tenant, x.subscription_id, x.entity, x.attempts`,
      [batch, lease, me, beat * 3],
    );
  }

  /** Finished deliveries not yet written to the table (the next acknowledgement writes them). */
  let settled = { done: [] as number[], failed: [] as { ids: number[]; attempts: number; error: string }[], postponed: [] as { ids: number[]; until: Date }[], stats: [] as { tenant: string; id: string; ok: boolean }[] };
  /** Subscriptions with a delivery in flight, and the rows taken for them meanwhile (sent after it, in order). */
  const inflight = new Map<string, Promise<void>>();
  const held = new Map<string, LeasedRow[]>();

  type Outcome = { kind: 'sent' | 'gone' } | { kind: 'failed' | 'postponed'; until: Date };

  /** One notification to one subscription with the entities of `list`; records its outcome in `settled`. */
  async function send(list: LeasedRow[]): Promise<Outcome> {
    const first = list[0]!;
    const ids = list.map((r) => r.id);
    const sub = o.subscription(first.tenant, first.subscription_id);
    if (!sub) {
      settled.done.push(...ids);
      return { kind: 'gone' };
    }
    const s = sub.body;
    const now = Date.now();
    if (s.throttling && sub.last_notification && new Date(sub.last_notification).getTime() + s.throttling * 1000 > now) {
      const until = new Date(new Date(sub.last_notification).getTime() + s.throttling * 1000);
      settled.postponed.push({ ids, until });
      return { kind: 'postponed', until };
    }
    try {
      const r = await o.resolvers.get(sub.context ?? undefined);
      const attrs = s.notification.attributes?.length ? new Set(s.notification.attributes) : null;
      const opts = { format: s.notification.format, attrs, sysAttrs: s.notification.sysAttrs ?? false, lang: s.lang ?? null };
      const data = list.map((x) => {
        const e = x.entity as StoredEntity & { deletedAt?: string };
        if (!e.deletedAt) return renderEntity(e, r, opts);
        // entityDeleted: id, type, deletedAt (and the named attributes as the NGSI-LD Null).
        const { id, type, ...rest } = renderEntity(deletedEntityView(e as StoredEntity & { deletedAt: string }, attrs), r, { ...opts, sysAttrs: false });
        return { id, type, deletedAt: e.deletedAt, ...rest };
      });
      const ld = s.notification.endpoint.accept === 'application/ld+json';
      const body: Record<string, unknown> = { id: `urn:ngsi-ld:Notification:${randomUUID()}`, type: 'Notification', subscriptionId: s.id, notifiedAt: new Date().toISOString(), data };
      if (ld) body['@context'] = r.context;
      const headers: Record<string, string> = { 'content-type': ld ? 'application/ld+json' : 'application/json' };
      if (!ld && r.linkUrl) headers.link = `<${r.linkUrl}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;
      if (first.tenant) headers['ngsild-tenant'] = first.tenant;
      for (const kv of s.notification.endpoint.receiverInfo ?? []) headers[kv.key.toLowerCase()] = kv.value;
      await o.deliverer.send({ uri: s.notification.endpoint.uri, headers, body: JSON.stringify(body) });
      settled.done.push(...ids);
      settled.stats.push({ tenant: first.tenant, id: s.id, ok: true });
      sub.last_notification = new Date();
      return { kind: 'sent' };
    } catch (err) {
      const attempts = Math.max(...list.map((x) => x.attempts)) + 1;
      settled.failed.push({ ids, attempts, error: (err as Error).message.slice(0, 500) });
      settled.stats.push({ tenant: first.tenant, id: s.id, ok: false });
      sub.last_notification = new Date();
      return { kind: 'failed', until: new Date(Date.now() + backoffSeconds(attempts) * 1000) };
    }
  }

  const backoffSeconds = (attempts: number) => Math.min(maxBackoff, 2 ** Math.min(attempts - 1, 20));

  /**
   * Starts the delivery of `list` to its subscription. When it ends, rows held for the same
   * subscription meanwhile go next — or, if it failed or was throttled, wait as long as it does.
   */
  function deliver(key: string, list: LeasedRow[]): Promise<void> {
    const p = send(list).then((out) => {
      inflight.delete(key);
      const next = held.get(key);
      held.delete(key);
      if (next && (out.kind === 'failed' || out.kind === 'postponed')) settled.postponed.push({ ids: next.map((r) => r.id), until: out.until });
      // Stopping: rows not started stay leased to this worker, free for the others once it has stopped.
      else if (next && !stopped) void deliver(key, next);
      pending = true;
      wake?.();
    });
    inflight.set(key, p);
    return p;
  }

  /** Writes what finished deliveries decided: delivered rows leave, failed ones wait for their retry. */
  async function acknowledge(): Promise<void> {
    const { done, failed, postponed, stats } = settled;
    if (!done.length && !failed.length && !postponed.length && !stats.length) return;
    settled = { done: [], failed: [], postponed: [], stats: [] };
    try {
      await write(done, failed, postponed, stats);
    } catch (err) {
      // Kept for the next pass (until then the rows stay leased: nothing is sent twice by this worker).
      settled.done.push(...done);
      settled.failed.push(...failed);
      settled.postponed.push(...postponed);
      settled.stats.push(...stats);
      throw err;
    }
  }

  async function write(done: number[], failed: typeof settled.failed, postponed: typeof settled.postponed, stats: typeof settled.stats): Promise<void> {
    await o.db.transaction(async (tx) => {
      if (done.length) await tx.query('delete from ngsi.notification_outbox where id = any($1::bigint[])', [done]);
      for (const f of failed) {
        await tx.query(
          `update ngsi.notification_outbox set attempts = $2, next_attempt_at = now() + make_interval(secs => $3), leased_until = null, last_error = $4 where id = any($1::bigint[])`,
          [f.ids, f.attempts, backoffSeconds(f.attempts), f.error],
        );
      }
      for (const p of postponed) await tx.query('update ngsi.notification_outbox set next_attempt_at = $2, leased_until = null where id = any($1::bigint[])', [p.ids, p.until.toISOString()]);
      if (stats.length) {
        await tx.query(
          `update ngsi.subscriptions s set
             times_sent = s.times_sent + case when o.ok then 1 else 0 end,
             times_failed = s.times_failed + case when o.ok then 0 else 1 end,
             last_notification = now(),
             last_success = case when o.ok then now() else s.last_success end,
             last_failure = case when o.ok then s.last_failure else now() end
           from unnest($1::text[], $2::text[], $3::text[]) as x(tenant, id, ok_text) cross join lateral (select x.ok_text = 't' as ok) o
           where s.tenant = x.tenant and s.id = x.id`,
          // Booleans travel as 't'/'f' text: postgres.js does not type a boolean[] parameter.
          [stats.map((x) => x.tenant), stats.map((x) => x.id), stats.map((x) => (x.ok ? 't' : 'f'))],
        );
      }
    });
  }

  /**
   * Takes rows and starts one delivery per subscription; waits for them at most WAIT_MS, so
   * one slow receiver (up to the deliverer's timeout) does not hold back every other
   * subscription's notifications: its outcome is acknowledged by a later pass. A subscription
   * has one delivery in flight at a time; rows taken for it meanwhile are held and sent next.
   */
  async function drainOnce(): Promise<number> {
    const rows = await take();
    const started: Promise<void>[] = [];
    const groups = new Map<string, LeasedRow[]>();
    for (const r of rows.sort((a, b) => a.id - b.id)) {
      const k = `${r.tenant}\n${r.subscription_id}`;
      const g = groups.get(k);
      if (g) g.push(r);
      else groups.set(k, [r]);
    }
    for (const [key, list] of groups) {
      if (inflight.has(key)) held.set(key, [...(held.get(key) ?? []), ...list]);
      else started.push(deliver(key, list));
    }
    if (started.length) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(started), new Promise<void>((res) => (timer = setTimeout(res, WAIT_MS)))]);
      clearTimeout(timer);
    }
    void acknowledging.run();
    return rows.length;
  }

  /**
   * Acknowledges beside the next pass instead of ahead of it: the rows it deletes stay leased to
   * this worker until then (no one else takes them), and the next notifications do not wait for
   * the transaction. One acknowledgement at a time; passes meanwhile are folded into one more.
   */
  const acknowledging = createSerialRunner(acknowledge, { onError: (err) => o.log.error({ err }, 'notification outbox acknowledgement failed') });

  const loop = (async () => {
    await init().then(() => {
      ready = true;
    }, (err: unknown) => o.log.error({ err }, 'outbox worker start failed'));
    while (!stopped) {
      let n = 0;
      try {
        pending = false;
        n = await drainOnce();
      } catch (err) {
        if (!stopped) o.log.error({ err }, 'notification outbox drain failed');
      }
      if (n > 0 || pending || stopped) continue;
      // Woken right after a commit that enqueued; otherwise poll for retries that came due.
      await new Promise<void>((res) => {
        const t = setTimeout(res, 500);
        wake = () => {
          clearTimeout(t);
          res();
        };
      });
      wake = null;
    }
  })();

  return {
    lease(): OutboxLease | null {
      // Not before this worker's heartbeat row exists (its leases would look abandoned), not when stopping or full.
      return ready && !stopped && handed.length < maxHanded ? { by: me, seconds: lease } : null;
    },
    handOff(rows: LeasedRow[]) {
      const at = Date.now();
      for (const row of rows) handed.push({ row, at });
      pending = true;
      wake?.();
    },
    wake() {
      pending = true;
      wake?.();
    },
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      // Deliveries still under way end (at the latest at the deliverer's timeout) and are acknowledged.
      await Promise.allSettled([...inflight.values()]);
      // The acknowledgement under way, if any, and one more after it for what it did not cover.
      await acknowledging.run();
      clearInterval(beating);
      await o.db.query('delete from ngsi.outbox_workers where id = $1', [me]).catch(() => undefined);
    },
  };
}
