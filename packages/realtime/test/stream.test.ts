import { defineModule } from '@zhicheng/kernel';
import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { expect, it } from 'vitest';
import { WebSocket } from 'ws';
import realtime, { realtimeScopeCheckKey, realtimeServiceKey } from '../src/index.js';

/** Bearer tokens of the form `user|<name>|<perm,perm>|<division>` stand in for sessions here. */
const tokenAuth = defineModule({
  name: 'test-token-auth',
  init(ctx) {
    ctx.setAuthenticator(async (req) => {
      const m = /^Bearer user\|([^|]+)\|([^|]*)\|(\d*)$/.exec(String(req.headers.authorization ?? ''));
      if (!m) return null;
      const perms = new Set(m[2]!.split(',').filter(Boolean));
      return { kind: 'user', id: m[1]!, name: m[1]!, departmentId: m[3] || null, can: (p) => perms.has(p) };
    });
    // Scope double: a principal's "department" field holds the division it may see.
    ctx.services.provide(realtimeScopeCheckKey, (p, _perm, obj) => !p.departmentId || obj.divisionCode === p.departmentId);
  },
});

function open(url: string) {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/api/v1/stream');
  const inbox: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (m) => {
    inbox.push(JSON.parse(String(m)) as Record<string, unknown>);
    waiters.splice(0).forEach((w) => w());
  });
  const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
  const next = async (type: string, ms = 3000): Promise<Record<string, unknown>> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = inbox.findIndex((x) => x.type === type);
      if (i >= 0) return inbox.splice(i, 1)[0]!;
      if (Date.now() > deadline) throw new Error(`no ${type} message; got ${JSON.stringify(inbox)}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  return { ws, inbox, next, closed, ready: new Promise((r) => ws.on('open', r)) };
}

describeWithPlatform('console stream', { modules: [tokenAuth, realtime], listen: true }, (t) => {
  it('authenticates by first message and delivers only subscribed, permitted, in-scope events', async () => {
    const url = t.platform().url!;
    const county = open(url);
    const prefecture = open(url);
    await Promise.all([county.ready, prefecture.ready]);
    county.ws.send(JSON.stringify({ type: 'auth', token: 'user|xichang|alarms:read|513401' }));
    prefecture.ws.send(JSON.stringify({ type: 'auth', token: 'user|op|alarms:read|' }));
    expect(await county.next('ready')).toMatchObject({ principal: { name: 'xichang' } });
    await prefecture.next('ready');
    for (const c of [county, prefecture]) c.ws.send(JSON.stringify({ type: 'subscribe', topics: ['alarms.>'] }));
    await county.next('subscribed');
    await prefecture.next('subscribed');

    const rt = t.platform().ctx.services.get(realtimeServiceKey);
    await rt.publish('alarms.raised', { id: 1 }, { permission: 'alarms:read', divisionCode: '513401' });
    await rt.publish('alarms.raised', { id: 2 }, { permission: 'alarms:read', divisionCode: '513422' });
    await rt.publish('alarms.raised', { id: 3 }, { permission: 'cases:read' });
    await rt.publish('entities.updated', { id: 4 }, {});
    await rt.publish('alarms.raised', { id: 5 }, { userIds: ['op'] });

    const got = async (c: ReturnType<typeof open>, n: number) => {
      const ids: unknown[] = [];
      for (let i = 0; i < n; i++) ids.push(((await c.next('event')).data as { id: number }).id);
      return ids;
    };
    expect(await got(county, 1)).toEqual([1]);
    expect(await got(prefecture, 3)).toEqual([1, 2, 5]);
    await new Promise((r) => setTimeout(r, 200));
    expect(county.inbox.filter((m) => m.type === 'event')).toEqual([]);
    expect(prefecture.inbox.filter((m) => m.type === 'event')).toEqual([]);
    county.ws.close();
    prefecture.ws.close();
  });

  it('feeds entity changes, merged per entity within a second, to readers in scope', async () => {
    const url = t.platform().url!;
    const county = open(url);
    const other = open(url);
    await Promise.all([county.ready, other.ready]);
    county.ws.send(JSON.stringify({ type: 'auth', token: 'user|xichang|entities:read|513401' }));
    other.ws.send(JSON.stringify({ type: 'auth', token: 'user|muli|entities:read|513422' }));
    await county.next('ready');
    await other.next('ready');
    for (const c of [county, other]) c.ws.send(JSON.stringify({ type: 'subscribe', topics: ['entities.>'] }));
    await county.next('subscribed');
    await other.next('subscribed');
    const base = { entityId: 'urn:ngsi-ld:AirQualityObserved:a1', entityType: 'AirQualityObserved', departmentId: null, divisionCode: '513401', location: [102.2, 27.9], observedAt: '2026-11-24T08:00:00Z' };
    await t.platform().ctx.bus.publish('datahub.entity.updated', { ...base, attributes: { pm25: 30 } });
    await t.platform().ctx.bus.publish('datahub.entities.updated', [{ ...base, attributes: { pm10: 50 } }]);
    const e = await county.next('event', 4000);
    expect(e).toMatchObject({ topic: 'entities.airqualityobserved', data: { entityId: base.entityId, attributes: { pm25: 30, pm10: 50 } } });
    await new Promise((r) => setTimeout(r, 1200));
    expect(county.inbox.filter((m) => m.type === 'event')).toEqual([]);
    expect(other.inbox.filter((m) => m.type === 'event')).toEqual([]);
    county.ws.close();
    other.ws.close();
  });

  it('closes a connection that does not authenticate, or sends bad credentials', async () => {
    const c = open(t.platform().url!);
    await c.ready;
    c.ws.send(JSON.stringify({ type: 'subscribe', topics: ['alarms.>'] }));
    expect(await c.closed).toBe(4401);
    const bad = open(t.platform().url!);
    await bad.ready;
    bad.ws.send(JSON.stringify({ type: 'auth', token: 'nonsense' }));
    expect(await bad.closed).toBe(4401);
  });

  it('accepts a subscription sent right after the token, before the check has finished', async () => {
    const c = open(t.platform().url!);
    await c.ready;
    c.ws.send(JSON.stringify({ type: 'auth', token: 'user|quick|alarms:read|' }));
    c.ws.send(JSON.stringify({ type: 'subscribe', topics: ['alarms.>'] }));
    await c.next('ready');
    expect(await c.next('subscribed')).toMatchObject({ topics: ['alarms.>'] });
    c.ws.close();
  });

  it('answers malformed messages and topics with errors, not crashes', async () => {
    const c = open(t.platform().url!);
    await c.ready;
    c.ws.send(JSON.stringify({ type: 'auth', token: 'user|a||' }));
    await c.next('ready');
    c.ws.send('{not json');
    expect(await c.next('error')).toMatchObject({ code: 'ERR_STREAM_INVALID_JSON' });
    c.ws.send(JSON.stringify({ type: 'subscribe', topics: ['Bad Topic!'] }));
    expect(await c.next('error')).toMatchObject({ code: 'ERR_STREAM_INVALID_TOPIC' });
    c.ws.send(JSON.stringify({ type: 'ping' }));
    await c.next('pong');
    c.ws.close();
  });
});
