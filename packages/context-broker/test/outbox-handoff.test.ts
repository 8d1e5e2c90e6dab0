import { createLogger, loadConfig } from '@zhicheng/kernel';
import { describeWithDb } from '@zhicheng/kernel/testing';
import { afterEach, expect, it } from 'vitest';
import { createContextLoader } from '../src/context/context-loader.js';
import { createContextStore } from '../src/context/context-store.js';
import { createResolverCache } from '../src/context/term-map.js';
import broker from '../src/index.js';
import type { Delivery } from '../src/subscriptions/delivery.js';
import { createOutboxHub } from '../src/subscriptions/outbox-hub.js';
import { insertOutbox, type OutboxRow } from '../src/subscriptions/outbox-insert.js';
import { startOutboxWorker } from '../src/subscriptions/outbox-worker.js';
import type { SubscriptionRow } from '../src/subscriptions/subscription-repository.js';

const log = createLogger(loadConfig({ LOG_LEVEL: 'silent' }));
const SUB = 'urn:ngsi-ld:Subscription:handoff';
const SLOW = 'urn:ngsi-ld:Subscription:slow';
const subscriptionRow = (id: string) => ({ id, tenant: '', context: null, body: { id, type: 'Subscription', notification: { format: 'keyValues', endpoint: { uri: `http://receiver.test/${id}` } } } }) as unknown as SubscriptionRow;
const subscriptions = new Map([SUB, SLOW].map((id) => [id, subscriptionRow(id)]));

const until = async (cond: () => Promise<boolean> | boolean, ms = 10_000) => {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

const rows = (n: number, from = 0, subscription = SUB): OutboxRow[] => Array.from({ length: n }, (_, i) => ({
  subscription,
  entity: { id: `urn:ngsi-ld:Meter:${from + i}`, types: ['https://uri.etsi.org/ngsi-ld/default-context/Meter'], attrs: { 'https://uri.etsi.org/ngsi-ld/default-context/v': { type: 'Property', value: from + i } }, datasets: {}, scopes: [] },
  changed: ['https://uri.etsi.org/ngsi-ld/default-context/v'],
}));

describeWithDb('notification outbox: rows handed to the worker of the writing process', [broker], (t) => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (stops.length) await stops.pop()!();
  });

  /** A worker whose deliveries are recorded (entity ids in the order sent); `delayMs` holds back the receiver of a subscription. */
  const worker = (opts: { maxHanded?: number; delayMs?: Record<string, number>; ackDelayMs?: number } = {}) => {
    const sent: string[] = [];
    const at = new Map<string, number>();
    const polls = { n: 0 };
    const db = t.db();
    const counting = Object.create(db) as typeof db;
    counting.query = ((text: string, params?: readonly unknown[], o?: { prepare?: boolean }) => {
      if (text.includes('with due as')) polls.n++;
      return db.query(text, params, o);
    }) as typeof db.query;
    // The worker's only transaction is its acknowledgement (deletes of delivered rows, counters).
    if (opts.ackDelayMs) {
      counting.transaction = (async (fn: Parameters<typeof db.transaction>[0]) => {
        await new Promise((r) => setTimeout(r, opts.ackDelayMs));
        return db.transaction(fn);
      }) as typeof db.transaction;
    }
    const resolvers = createResolverCache(createContextLoader({ allowedHosts: '', store: createContextStore(db, log) }));
    const w = startOutboxWorker({
      db: counting, log, resolvers, subscription: (tenant, id) => subscriptions.get(id),
      deliverer: {
        send: async (d: Delivery) => {
          const body = JSON.parse(d.body) as { subscriptionId: string; data: { id: string }[] };
          const delay = opts.delayMs?.[body.subscriptionId] ?? 0;
          if (delay) await new Promise((r) => setTimeout(r, delay));
          for (const e of body.data) {
            sent.push(e.id);
            at.set(e.id, Date.now());
          }
        },
        close: async () => {},
      },
      maxHanded: opts.maxHanded,
    });
    stops.push(w.stop);
    return { w, sent, polls, at };
  };
  const left = async () => (await t.db().query<{ n: number }>('select count(*)::int as n from ngsi.notification_outbox'))[0]!.n;

  it('writes rows under the worker\'s lease and delivers them from memory, once, without reading them back', async () => {
    const { w, sent, polls } = worker();
    const hub = createOutboxHub();
    const detach = hub.attach(w);
    stops.push(async () => void detach());
    await until(() => hub.lease() !== null);
    const e = await t.db().transaction((tx) => insertOutbox(tx, '', rows(50), hub.lease()));
    expect(e.count).toBe(50);
    expect(e.handed.map((h) => (h.entity as { id: string }).id)).toEqual(rows(50).map((r) => (r.entity as { id: string }).id));
    const held = await t.db().query<{ n: number; by: string | null }>('select count(*)::int as n, min(leased_by) as by from ngsi.notification_outbox where leased_until > now()');
    expect(held[0]).toEqual({ n: 50, by: hub.lease()!.by });
    const pollsBefore = polls.n;
    hub.committed(e);
    await until(() => sent.length === 50);
    await until(async () => (await left()) === 0);
    expect(sent).toEqual(rows(50).map((r) => (r.entity as { id: string }).id));
    // Sent from memory: at most the once-a-second poll of the table ran meanwhile, and it found nothing to take.
    expect(polls.n - pollsBefore).toBeLessThanOrEqual(1);
  });

  it('leaves rows of a worker that stopped before sending them to the next worker (written, committed, never handed)', async () => {
    const first = worker();
    await until(() => first.w.lease() !== null);
    const lease = first.w.lease();
    await t.db().transaction((tx) => insertOutbox(tx, '', rows(20, 100), lease));
    // The process ends between the commit and the hand-over: its lease dies with its heartbeat row.
    await stops.pop()!();
    expect(await left()).toBe(20);
    const next = worker();
    await until(() => next.sent.length === 20);
    await until(async () => (await left()) === 0);
    expect(first.sent).toEqual([]);
    expect(new Set(next.sent).size).toBe(20);
  });

  it('does not hold other subscriptions back behind a slow receiver, and keeps each subscription\'s notifications in order', async () => {
    const { w, sent, at } = worker({ delayMs: { [SLOW]: 1500 } });
    await until(() => w.lease() !== null);
    const t0 = Date.now();
    const slow1 = await t.db().transaction((tx) => insertOutbox(tx, '', rows(3, 400, SLOW), w.lease()));
    w.handOff(slow1.handed);
    await new Promise((r) => setTimeout(r, 50));
    // While the slow receiver holds its first notification: more for it, and some for another subscription.
    const slow2 = await t.db().transaction((tx) => insertOutbox(tx, '', rows(2, 410, SLOW), w.lease()));
    const fast = await t.db().transaction((tx) => insertOutbox(tx, '', rows(5, 500), w.lease()));
    w.handOff([...slow2.handed, ...fast.handed]);
    await until(() => rows(5, 500).every((r) => at.has((r.entity as { id: string }).id)));
    // The other subscription's notifications went out long before the slow one answered.
    expect(Math.max(...rows(5, 500).map((r) => at.get((r.entity as { id: string }).id)!)) - t0).toBeLessThan(1000);
    await until(() => sent.length === 10);
    await until(async () => (await left()) === 0);
    const slowOrder = sent.filter((id) => /:(40\d|41\d)$/.test(id));
    expect(slowOrder).toEqual([...rows(3, 400, SLOW), ...rows(2, 410, SLOW)].map((r) => (r.entity as { id: string }).id));
    // The second batch for the slow subscription waited for the first (one delivery at a time per subscription).
    expect(at.get('urn:ngsi-ld:Meter:410')! - t0).toBeGreaterThanOrEqual(1500);
  });

  it('sends the next notifications without waiting for the acknowledgement of the last ones', async () => {
    const { w, sent, at } = worker({ ackDelayMs: 1500 });
    await until(() => w.lease() !== null);
    const first = await t.db().transaction((tx) => insertOutbox(tx, '', rows(4, 600), w.lease()));
    w.handOff(first.handed);
    await until(() => sent.length === 4);
    // The first rows' acknowledgement is under way (held back 1.5 s) when the next rows arrive.
    const t0 = Date.now();
    const second = await t.db().transaction((tx) => insertOutbox(tx, '', rows(4, 700), w.lease()));
    w.handOff(second.handed);
    await until(() => sent.length === 8);
    expect(Math.max(...rows(4, 700).map((r) => at.get((r.entity as { id: string }).id)!)) - t0).toBeLessThan(1000);
    // Both are acknowledged in the end, each row sent once.
    await until(async () => (await left()) === 0);
    expect(sent).toEqual([...rows(4, 600), ...rows(4, 700)].map((r) => (r.entity as { id: string }).id));
  });

  it('stops leasing when its backlog in memory is full: new rows are then written free and polled', async () => {
    const { w, sent } = worker({ maxHanded: 10 });
    await until(() => w.lease() !== null);
    // Hand over more than it may hold without letting it run: the lease is refused while they wait.
    const e = await t.db().transaction((tx) => insertOutbox(tx, '', rows(10, 200), w.lease()));
    w.handOff(e.handed.map((h) => ({ ...h })));
    const refused = w.lease();
    const free = await t.db().transaction((tx) => insertOutbox(tx, '', rows(5, 300), refused));
    expect(free.handed).toEqual([]);
    w.wake();
    await until(() => sent.length >= 15);
    await until(async () => (await left()) === 0);
    expect(new Set(sent).size).toBe(15);
  });
});
