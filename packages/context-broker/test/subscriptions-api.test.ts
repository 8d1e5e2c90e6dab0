import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import broker from '../src/index.js';
import { client, sensor, testIdentityModule } from './helpers.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: { subscriptionId: string; data: Record<string, unknown>[] };
}

/** A real HTTP receiver; `failures` first answers 500 that many times. */
function receiver() {
  const got: Received[] = [];
  let failures = 0;
  let refused = 0;
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      if (failures > 0) {
        failures--;
        refused++;
        res.writeHead(500).end();
        return;
      }
      got.push({ headers: req.headers, body: JSON.parse(text) as Received['body'] });
      res.writeHead(204).end();
    });
  });
  return {
    got, server,
    failNext(n: number) {
      failures = n;
    },
    refused: () => refused,
    async start() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
    },
    stop: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

const until = async (cond: () => boolean, ms = 10_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describeWithPlatform('NGSI-LD subscriptions and notifications (clauses 6.10, 6.11, 7.2)', { modules: [testIdentityModule, broker], env: { ZC_ALLOW_PRIVATE_CALLBACKS: '1' } }, (t) => {
  const c = client(t);
  const rx = receiver();
  let url = '';
  beforeAll(async () => {
    url = await rx.start();
  });
  afterAll(() => rx.stop());

  it('creates (201 + Location), retrieves with status, lists, patches and deletes a subscription', async () => {
    const r = await c.json('POST', '/subscriptions', { type: 'Subscription', entities: [{ type: 'Thing' }], notification: { endpoint: { uri: url } } });
    expect(r.statusCode).toBe(201);
    const loc = String(r.headers.location);
    expect(loc).toMatch(/^\/ngsi-ld\/v1\/subscriptions\/urn%3Angsi-ld%3ASubscription%3A/);
    const id = decodeURIComponent(loc.split('/').pop()!);
    const s = (await c.get(`/subscriptions/${id}`)).json();
    expect(s).toMatchObject({ id, type: 'Subscription', entities: [{ type: 'Thing' }], status: 'active', isActive: true, notification: { format: 'normalized', timesSent: 0 } });
    expect((await c.json('PATCH', `/subscriptions/${id}`, { isActive: false })).statusCode).toBe(204);
    expect((await c.get(`/subscriptions/${id}`)).json().status).toBe('paused');
    expect((await c.get('/subscriptions?count=true')).headers['ngsild-results-count']).toBe('1');
    expect((await c.inject({ method: 'DELETE', url: `/ngsi-ld/v1/subscriptions/${id}` })).statusCode).toBe(204);
    expect((await c.get(`/subscriptions/${id}`)).statusCode).toBe(404);
    const bad = await c.json('POST', '/subscriptions', { type: 'Subscription', notification: { endpoint: { uri: url } } });
    expect(bad.statusCode).toBe(400);
  });

  it('notifies matching changes by HTTP POST with watched attributes, q and the chosen format', async () => {
    const r = await c.json('POST', '/subscriptions', {
      id: 'urn:ngsi-ld:Subscription:pm', type: 'Subscription', entities: [{ type: 'AirQualityObserved' }], watchedAttributes: ['pm25'], q: 'pm25>50',
      notification: { attributes: ['pm25'], format: 'keyValues', endpoint: { uri: url, accept: 'application/json', receiverInfo: [{ key: 'X-Token', value: 'abc' }] } },
    });
    expect(r.statusCode).toBe(201);
    await c.json('POST', '/entities', sensor(7));
    await c.json('PATCH', '/entities/urn:ngsi-ld:AirQualityObserved:7/attrs/pm25', { value: 80 });
    await c.json('PATCH', '/entities/urn:ngsi-ld:AirQualityObserved:7/attrs/pm25', { value: 20 });
    await c.json('POST', '/entities/urn:ngsi-ld:AirQualityObserved:7/attrs', { other: { type: 'Property', value: 1 } });
    await until(() => rx.got.some((g) => g.body.subscriptionId === 'urn:ngsi-ld:Subscription:pm'));
    await new Promise((res) => setTimeout(res, 300));
    const mine = rx.got.filter((g) => g.body.subscriptionId === 'urn:ngsi-ld:Subscription:pm');
    expect(mine.flatMap((g) => g.body.data)).toEqual([{ id: 'urn:ngsi-ld:AirQualityObserved:7', type: 'AirQualityObserved', pm25: 80 }]);
    expect(mine[0]!.headers['x-token']).toBe('abc');
    expect(mine[0]!.headers.link).toMatch(/ngsi-ld-core-context/);
    const s = (await c.get('/subscriptions/urn:ngsi-ld:Subscription:pm')).json();
    expect(s.notification).toMatchObject({ timesSent: 1, status: 'ok' });
    expect(s.notification.lastSuccess).toBeDefined();
  });

  it('retries a failing receiver with backoff and delivers every notification once it recovers', async () => {
    await c.json('POST', '/subscriptions', { id: 'urn:ngsi-ld:Subscription:retry', type: 'Subscription', entities: [{ type: 'Counter' }], notification: { format: 'keyValues', endpoint: { uri: url } } });
    rx.failNext(2);
    await c.json('POST', '/entities', { id: 'urn:ngsi-ld:Counter:1', type: 'Counter', n: { type: 'Property', value: 0 } });
    for (let i = 1; i <= 5; i++) await c.json('PATCH', '/entities/urn:ngsi-ld:Counter:1/attrs/n', { value: i });
    await until(() => rx.got.filter((g) => g.body.subscriptionId === 'urn:ngsi-ld:Subscription:retry').flatMap((g) => g.body.data).length >= 6, 15_000);
    const values = rx.got.filter((g) => g.body.subscriptionId === 'urn:ngsi-ld:Subscription:retry').flatMap((g) => g.body.data).map((d) => d.n);
    expect(values.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rx.refused()).toBe(2);
    await new Promise((r) => setTimeout(r, 200));
    const s = (await c.get('/subscriptions/urn:ngsi-ld:Subscription:retry')).json();
    expect(s.notification.timesFailed).toBe(2);
    expect(s.notification.lastFailure).toBeDefined();
    // Rows leave the outbox right after the delivery is acknowledged.
    let left = -1;
    for (let i = 0; i < 100 && left !== 0; i++) {
      left = (await t.platform().ctx.db.query<{ n: number }>('select count(*)::int as n from ngsi.notification_outbox'))[0]!.n;
      if (left) await new Promise((r) => setTimeout(r, 50));
    }
    expect(left).toBe(0);
  }, 30_000);

  it('does not notify after expiry and honours geoQ', async () => {
    await c.json('POST', '/subscriptions', {
      id: 'urn:ngsi-ld:Subscription:geo', type: 'Subscription', entities: [{ type: 'Bus' }],
      geoQ: { georel: 'near;maxDistance==1000', geometry: 'Point', coordinates: [102.267, 27.894] }, notification: { format: 'keyValues', endpoint: { uri: url } },
    });
    await c.json('POST', '/subscriptions', { id: 'urn:ngsi-ld:Subscription:old', type: 'Subscription', entities: [{ type: 'Bus' }], expiresAt: '2020-01-01T00:00:00Z', notification: { endpoint: { uri: url } } });
    expect((await c.get('/subscriptions/urn:ngsi-ld:Subscription:old')).json().status).toBe('expired');
    const bus = (id: string, lonlat: [number, number]) => ({ id, type: 'Bus', location: { type: 'GeoProperty', value: { type: 'Point', coordinates: lonlat } } });
    await c.json('POST', '/entities', bus('urn:ngsi-ld:Bus:near', [102.268, 27.894]));
    await c.json('POST', '/entities', bus('urn:ngsi-ld:Bus:far', [102.5, 27.894]));
    await until(() => rx.got.some((g) => g.body.subscriptionId === 'urn:ngsi-ld:Subscription:geo'));
    await new Promise((res) => setTimeout(res, 300));
    expect(rx.got.filter((g) => g.body.subscriptionId === 'urn:ngsi-ld:Subscription:geo').flatMap((g) => g.body.data).map((d) => d.id)).toEqual(['urn:ngsi-ld:Bus:near']);
    expect(rx.got.some((g) => g.body.subscriptionId === 'urn:ngsi-ld:Subscription:old')).toBe(false);
  });
});

describeWithPlatform('NGSI-LD subscriptions: SSRF guard', { modules: [testIdentityModule, broker] }, (t) => {
  const c = client(t);
  it('refuses loopback and private callbacks unless ZC_ALLOW_PRIVATE_CALLBACKS=1', async () => {
    for (const uri of ['http://127.0.0.1:9/x', 'http://10.1.2.3/x', 'http://[::1]/x', 'http://localhost/x', 'mqtt://192.168.1.5:1883/t']) {
      const r = await c.json('POST', '/subscriptions', { type: 'Subscription', entities: [{ type: 'T' }], notification: { endpoint: { uri } } });
      expect(r.statusCode, uri).toBe(400);
    }
  });

  it('lets each caller reach only the subscriptions they created; ngsi:manage reaches all', async () => {
    const perms = 'entities:read,entities:write';
    const alice = client(t, { 'x-test-user': 'alice', 'x-test-perms': perms });
    const bob = client(t, { 'x-test-user': 'bob', 'x-test-perms': perms });
    const manager = client(t, { 'x-test-user': 'mgr', 'x-test-perms': `${perms},ngsi:manage` });
    const id = 'urn:ngsi-ld:Subscription:alice-own';
    expect((await alice.json('POST', '/subscriptions', { id, type: 'Subscription', entities: [{ type: 'T' }], notification: { endpoint: { uri: 'http://93.184.215.14/notify' } } })).statusCode).toBe(201);
    expect((await alice.get(`/subscriptions/${id}`)).statusCode).toBe(200);
    // Someone else's subscription is answered exactly like one that does not exist.
    for (const r of [
      await bob.get(`/subscriptions/${id}`),
      await bob.json('PATCH', `/subscriptions/${id}`, { isActive: false }),
      await bob.inject({ method: 'DELETE', url: `/ngsi-ld/v1/subscriptions/${id}` }),
    ]) {
      expect(r.statusCode).toBe(404);
      expect(r.json().type).toBe('https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound');
    }
    expect((await bob.get('/subscriptions')).json().map((x: { id: string }) => x.id)).not.toContain(id);
    expect((await alice.get('/subscriptions')).json().map((x: { id: string }) => x.id)).toEqual([id]);
    expect((await manager.get('/subscriptions')).json().map((x: { id: string }) => x.id)).toContain(id);
    expect((await manager.json('PATCH', `/subscriptions/${id}`, { isActive: false })).statusCode).toBe(204);
    expect((await alice.get(`/subscriptions/${id}`)).json().isActive).toBe(false);
    expect((await manager.inject({ method: 'DELETE', url: `/ngsi-ld/v1/subscriptions/${id}` })).statusCode).toBe(204);
    expect((await alice.get(`/subscriptions/${id}`)).statusCode).toBe(404);
  });
});
