import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import broker from '../src/index.js';
import { client, countyUser, testIdentityModule } from './helpers.js';
import { notificationReceiver, sleep, until } from './notification-receiver.js';

const BAD_DATA = 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData';

describeWithPlatform('NGSI-LD subscriptions: notificationTrigger and timeInterval (clauses 5.2.12, 5.8.1, 5.8.2, 5.8.6)', {
  modules: [testIdentityModule, broker], env: { ZC_ALLOW_PRIVATE_CALLBACKS: '1' },
}, (t) => {
  const c = client(t);
  const rx = notificationReceiver();
  let url = '';
  beforeAll(async () => {
    url = await rx.start();
  });
  afterAll(() => rx.stop());

  const sub = (id: string, extra: Record<string, unknown>) =>
    c.json('POST', '/subscriptions', { id: `urn:ngsi-ld:Subscription:${id}`, type: 'Subscription', notification: { format: 'keyValues', endpoint: { uri: url } }, ...extra });

  it('refuses timeInterval with watchedAttributes or throttling, a non-positive timeInterval and unknown triggers (400 BadRequestData)', async () => {
    const cases: Record<string, unknown>[] = [
      { entities: [{ type: 'Room' }], watchedAttributes: ['temperature'], timeInterval: 10 },
      { entities: [{ type: 'Room' }], throttling: 30, timeInterval: 10 },
      { entities: [{ type: 'Room' }], timeInterval: 0 },
      { entities: [{ type: 'Room' }], timeInterval: -5 },
      { entities: [{ type: 'Room' }], timeInterval: '10' },
      { watchedAttributes: ['temperature'], notificationTrigger: ['entityChanged'] },
      { entities: [{ type: 'Room' }], notificationTrigger: [] },
      { entities: [{ type: 'Room' }], notificationTrigger: 'entityCreated' },
      // With timeInterval no watchedAttributes are allowed, so entities are required.
      { timeInterval: 10 },
    ];
    for (const body of cases) {
      const r = await c.json('POST', '/subscriptions', { type: 'Subscription', notification: { endpoint: { uri: url } }, ...body });
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().type, JSON.stringify(body)).toBe(BAD_DATA);
    }
  });

  it('shows timeInterval and the default notificationTrigger, and checks the combination again on PATCH', async () => {
    expect((await sub('show', { entities: [{ type: 'Room' }], watchedAttributes: ['temperature'] })).statusCode).toBe(201);
    const s = (await c.get('/subscriptions/urn:ngsi-ld:Subscription:show')).json();
    expect(s.notificationTrigger).toEqual(['attributeCreated', 'attributeUpdated']);
    expect(s.timeInterval).toBeUndefined();
    // Adding a period to a subscription that watches attributes is the same forbidden combination.
    const bad = await c.json('PATCH', '/subscriptions/urn:ngsi-ld:Subscription:show', { timeInterval: 5 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().type).toBe(BAD_DATA);
    // Removing watchedAttributes (NGSI-LD Null) in the same patch makes it periodic.
    const ok = await c.json('PATCH', '/subscriptions/urn:ngsi-ld:Subscription:show', { timeInterval: 3600, watchedAttributes: 'urn:ngsi-ld:null' });
    expect(ok.statusCode).toBe(204);
    const after = (await c.get('/subscriptions/urn:ngsi-ld:Subscription:show')).json();
    expect(after).toMatchObject({ timeInterval: 3600, status: 'active' });
    expect(after.watchedAttributes).toBeUndefined();
    expect((await c.json('PATCH', '/subscriptions/urn:ngsi-ld:Subscription:show', { notificationTrigger: ['attributeRenamed'] })).statusCode).toBe(400);
  });

  it('notifies each notificationTrigger only for its kind of change; attributeDeleted shows the NGSI-LD Null, entityDeleted id, type and deletedAt', async () => {
    const triggers = {
      default: undefined, eCreated: ['entityCreated'], eUpdated: ['entityUpdated'], eDeleted: ['entityDeleted'],
      aCreated: ['attributeCreated'], aUpdated: ['attributeUpdated'], aDeleted: ['attributeDeleted'],
    } as const;
    for (const [name, tr] of Object.entries(triggers)) {
      const r = await sub(`tr-${name}`, { entities: [{ type: 'Valve' }], ...(tr ? { notificationTrigger: tr } : {}) });
      expect(r.statusCode).toBe(201);
    }
    const id = 'urn:ngsi-ld:Valve:v1';
    expect((await c.json('POST', '/entities', { id, type: 'Valve', a: { type: 'Property', value: 1 }, b: { type: 'Relationship', object: 'urn:ngsi-ld:Pipe:p1' } })).statusCode).toBe(201);
    await sleep(150);
    expect((await c.json('POST', `/entities/${id}/attrs`, { c: { type: 'Property', value: 'new' } })).statusCode).toBe(204);
    await sleep(150);
    expect((await c.json('PATCH', `/entities/${id}/attrs/a`, { value: 2 })).statusCode).toBe(204);
    await sleep(150);
    expect((await c.inject({ method: 'DELETE', url: `/ngsi-ld/v1/entities/${id}/attrs/b` })).statusCode).toBe(204);
    await sleep(150);
    expect((await c.inject({ method: 'DELETE', url: `/ngsi-ld/v1/entities/${id}` })).statusCode).toBe(204);
    const n = (name: string) => rx.data(`urn:ngsi-ld:Subscription:tr-${name}`);
    await until(() => n('eDeleted').length >= 1 && n('eUpdated').length >= 3);
    await sleep(300);

    expect(n('eCreated')).toEqual([{ id, type: 'Valve', a: 1, b: 'urn:ngsi-ld:Pipe:p1' }]);
    // Default = attributeCreated + attributeUpdated: the creation (its attributes are created with it),
    // the appended c and the patched a; not the deletions.
    expect(n('default')).toEqual([
      { id, type: 'Valve', a: 1, b: 'urn:ngsi-ld:Pipe:p1' },
      { id, type: 'Valve', a: 1, b: 'urn:ngsi-ld:Pipe:p1', c: 'new' },
      { id, type: 'Valve', a: 2, b: 'urn:ngsi-ld:Pipe:p1', c: 'new' },
    ]);
    expect(n('aCreated').map((d) => d.c)).toEqual([undefined, 'new']);
    expect(n('aUpdated').map((d) => d.a)).toEqual([2]);
    expect(n('aDeleted')).toEqual([{ id, type: 'Valve', a: 2, b: 'urn:ngsi-ld:null', c: 'new' }]);
    expect(n('eUpdated')).toHaveLength(3);
    const [deleted] = n('eDeleted');
    expect(Object.keys(deleted!).sort()).toEqual(['deletedAt', 'id', 'type']);
    expect(deleted).toMatchObject({ id, type: 'Valve' });
    expect(Number.isNaN(Date.parse(String(deleted!.deletedAt)))).toBe(false);
  });

  it('shows a deleted Relationship as object urn:ngsi-ld:null in the normalized format', async () => {
    await c.json('POST', '/subscriptions', {
      id: 'urn:ngsi-ld:Subscription:del-norm', type: 'Subscription', entities: [{ type: 'Hydrant' }], notificationTrigger: ['attributeDeleted'],
      notification: { format: 'normalized', attributes: ['feeds'], endpoint: { uri: url } },
    });
    const id = 'urn:ngsi-ld:Hydrant:h1';
    await c.json('POST', '/entities', { id, type: 'Hydrant', feeds: { type: 'Relationship', object: 'urn:ngsi-ld:Pipe:p9' }, p: { type: 'Property', value: 3 } });
    await c.inject({ method: 'DELETE', url: `/ngsi-ld/v1/entities/${id}/attrs/feeds` });
    await until(() => rx.data('urn:ngsi-ld:Subscription:del-norm').length >= 1);
    expect(rx.data('urn:ngsi-ld:Subscription:del-norm')).toEqual([{ id, type: 'Hydrant', feeds: { type: 'Relationship', object: 'urn:ngsi-ld:null' } }]);
  });

  it('notifies a timeInterval subscription periodically with every matching entity in the creator\'s scope, changes or not, until paused', async () => {
    // The creator sees Xichang (513401) only: the Huili sensor is never notified.
    const county = client(t, countyUser('513401'));
    await c.json('POST', '/entities', { id: 'urn:ngsi-ld:Tank:x1', type: 'Tank', level: { type: 'Property', value: 10 } }, { 'zc-division': '513401' });
    await c.json('POST', '/entities', { id: 'urn:ngsi-ld:Tank:x2', type: 'Tank', level: { type: 'Property', value: 90 } }, { 'zc-division': '513401' });
    await c.json('POST', '/entities', { id: 'urn:ngsi-ld:Tank:h1', type: 'Tank', level: { type: 'Property', value: 50 } }, { 'zc-division': '513426' });
    await c.json('POST', '/entities', { id: 'urn:ngsi-ld:Tank:x3', type: 'Tank', level: { type: 'Property', value: 1 } }, { 'zc-division': '513401' });
    const r = await county.json('POST', '/subscriptions', {
      id: 'urn:ngsi-ld:Subscription:tick', type: 'Subscription', entities: [{ type: 'Tank' }], q: 'level>5', timeInterval: 1,
      notification: { format: 'keyValues', attributes: ['level'], endpoint: { uri: url } },
    });
    expect(r.statusCode).toBe(201);
    const id = 'urn:ngsi-ld:Subscription:tick';
    await until(() => rx.of(id).length >= 3, 15_000);
    const batches = rx.of(id).slice(0, 3);
    for (const b of batches) {
      expect(b.body.data.map((d) => d.id).sort()).toEqual(['urn:ngsi-ld:Tank:x1', 'urn:ngsi-ld:Tank:x2']);
    }
    // Every period, not on changes: notifications about a second apart.
    expect(batches[2]!.at - batches[0]!.at).toBeGreaterThan(1500);
    // The status is committed right after the receiver answers.
    let sent = 0;
    for (let i = 0; i < 50 && sent < 3; i++) {
      sent = (await county.get(`/subscriptions/${id}`)).json().notification.timesSent as number;
      if (sent < 3) await sleep(100);
    }
    expect(sent).toBeGreaterThanOrEqual(3);
    // A change that makes x3 match shows in the next period's notification.
    await c.json('PATCH', '/entities/urn:ngsi-ld:Tank:x3/attrs/level', { value: 40 });
    const before = rx.of(id).length;
    await until(() => rx.of(id).length >= before + 2, 10_000);
    expect(rx.of(id).at(-1)!.body.data.map((d) => d.id).sort()).toEqual(['urn:ngsi-ld:Tank:x1', 'urn:ngsi-ld:Tank:x2', 'urn:ngsi-ld:Tank:x3']);
    // Paused: no more notifications.
    expect((await county.json('PATCH', `/subscriptions/${id}`, { isActive: false })).statusCode).toBe(204);
    await sleep(300);
    const paused = rx.of(id).length;
    await sleep(2200);
    expect(rx.of(id).length).toBe(paused);
  }, 40_000);
});
