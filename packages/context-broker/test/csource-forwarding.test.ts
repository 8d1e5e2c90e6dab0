import type { Logger } from '@zhicheng/kernel';
import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createForwarder } from '../src/csource/forwarder.js';
import type { StoredRegistration } from '../src/csource/registration-model.js';
import broker from '../src/index.js';
import { ALL_PERMS, client, countyUser, testIdentityModule } from './helpers.js';
import { remoteBroker } from './remote-broker.js';

const MANAGER = { 'x-test-user': 'fed-admin', 'x-test-perms': [...ALL_PERMS, 'ngsi:manage'].join(','), 'x-test-department': 'dept-data' };
const ERR = (name: string) => `https://uri.etsi.org/ngsi-ld/errors/${name}`;
const B = (n: number) => `urn:ngsi-ld:Bridge:${n}`;
const prop = (value: unknown, observedAt?: string) => ({ type: 'Property', value, ...(observedAt ? { observedAt } : {}) });

// The other county's broker: Bridge 1 (also held locally) and Bridge 2 (only there).
const REMOTE = [
  { id: B(1), type: 'Bridge', status: prop('warn', '2026-02-01T00:00:00Z'), vibration: prop(0.2) },
  { id: B(2), type: 'Bridge', status: prop('ok'), vibration: prop(0.1) },
];

describeWithPlatform('NGSI-LD distributed reads over context source registrations (clause 4.3.6)', {
  modules: [testIdentityModule, broker], env: { ZC_ALLOW_PRIVATE_CALLBACKS: '1' },
}, (t) => {
  const m = client(t, MANAGER);
  const remote = remoteBroker(REMOTE);
  const slow = remoteBroker(REMOTE, { delayMs: 5000 });
  const broken = remoteBroker(REMOTE, { status: 500 });
  let url = '';
  let slowUrl = '';
  let brokenUrl = '';
  beforeAll(async () => {
    [url, slowUrl, brokenUrl] = await Promise.all([remote.start(), slow.start(), broken.start()]);
  });
  afterAll(async () => {
    await Promise.all([remote.stop(), slow.stop(), broken.stop()]);
  });

  /** A tenant of its own per test: its local bridges (in Xichang, 513401) and its registrations. */
  async function tenant(name: string, local: Record<string, unknown>[], regs: Record<string, unknown>[]) {
    const h = { 'ngsild-tenant': name };
    for (const e of local) expect((await m.json('POST', '/entities', e, { ...h, 'zc-division': '513401' })).statusCode).toBe(201);
    for (const [i, r] of regs.entries()) {
      const res = await m.json('POST', '/csourceRegistrations', { id: `urn:ngsi-ld:ContextSourceRegistration:${name}-${i}`, type: 'ContextSourceRegistration', information: [{ entities: [{ type: 'Bridge' }] }], ...r }, h);
      expect(res.statusCode, res.body).toBe(201);
    }
    return h;
  }
  const sent = (server: ReturnType<typeof remoteBroker>, t: string) => server.got.filter((g) => g.headers['ngsild-tenant'] === t);

  it('retrieve by id merges a remote attribute; the newer observedAt wins for the same instance; remote-only entities are found', async () => {
    const h = await tenant('fed1', [{ id: B(1), type: 'Bridge', status: prop('ok', '2026-01-01T00:00:00Z'), load: prop(10) }], [{ endpoint: url, tenant: 'fed1' }]);
    const r = await m.get(`/entities/${B(1)}`, h);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['ngsild-warning']).toBeUndefined();
    expect(r.json()).toMatchObject({ id: B(1), type: 'Bridge', load: { value: 10 }, vibration: { value: 0.2 }, status: { value: 'warn', observedAt: '2026-02-01T00:00:00.000Z' } });
    const req = sent(remote, 'fed1').at(-1)!;
    expect(req.path).toBe(`/ngsi-ld/v1/entities/${encodeURIComponent(B(1))}`);
    expect(req.headers.via).toBe('1.1 zhicheng-broker');
    expect(req.headers['zc-forwarded']).toBe('1');
    expect(String(req.headers.link)).toContain('rel="http://www.w3.org/ns/json-ld#context"');
    expect((await m.get(`/entities/${B(2)}`, h)).json()).toMatchObject({ id: B(2), vibration: { value: 0.1 } });
    expect((await m.get(`/entities/${B(9)}`, h)).json().type).toBe(ERR('ResourceNotFound'));
  });

  it('a query by type adds remote-only entities and merges same-id ones, sorted by id, paged over the merge with count', async () => {
    const h = await tenant('fed2', [{ id: B(1), type: 'Bridge', load: prop(10) }, { id: B(3), type: 'Bridge', load: prop(30) }], [{ endpoint: url, tenant: 'fed2' }]);
    const r = await m.get('/entities?type=Bridge&count=true', h);
    expect(r.statusCode, r.body).toBe(200);
    const list = r.json() as Record<string, { value: unknown }>[];
    expect(list.map((e) => e.id)).toEqual([B(1), B(2), B(3)]);
    expect(list[0]).toMatchObject({ load: { value: 10 }, vibration: { value: 0.2 } });
    expect(r.headers['ngsild-results-count']).toBe('3');
    const q = sent(remote, 'fed2').at(-1)!.query;
    expect(q.get('type')).toBe('Bridge');
    expect(q.get('offset')).toBe('0');
    expect(q.get('limit')).toBe('20');
    const page = await m.get('/entities?type=Bridge&limit=1&offset=1', h);
    expect((page.json() as { id: string }[]).map((e) => e.id)).toEqual([B(2)]);
    expect(sent(remote, 'fed2').at(-1)!.query.get('limit')).toBe('2');
    const kv = (await m.get('/entities?type=Bridge&options=keyValues&attrs=vibration', h)).json();
    expect(kv).toEqual([{ id: B(1), type: 'Bridge', vibration: 0.2 }, { id: B(2), type: 'Bridge', vibration: 0.1 }]);
  });

  it('an auxiliary source only fills attributes missing locally; an exclusive one answers its attributes of its entity', async () => {
    const h = await tenant('fed3', [{ id: B(1), type: 'Bridge', status: prop('ok', '2025-01-01T00:00:00Z') }], [{ endpoint: url, tenant: 'fed3', mode: 'auxiliary' }]);
    expect((await m.get(`/entities/${B(1)}`, h)).json()).toMatchObject({ status: { value: 'ok' }, vibration: { value: 0.2 } });
    const list = (await m.get('/entities?type=Bridge', h)).json() as Record<string, { value: unknown }>[];
    expect(list.map((e) => [e.id, e.status?.value])).toEqual([[B(1), 'ok'], [B(2), 'ok']]);

    const x = await tenant('fed3x', [{ id: B(1), type: 'Bridge', status: prop('ok', '2030-01-01T00:00:00Z'), load: prop(10) }], [{
      endpoint: url, tenant: 'fed3x', mode: 'exclusive', information: [{ entities: [{ id: B(1), type: 'Bridge' }], propertyNames: ['status'] }],
    }]);
    // The local status is newer, but the exclusive source owns it.
    expect((await m.get(`/entities/${B(1)}`, x)).json()).toMatchObject({ load: { value: 10 }, status: { value: 'warn' } });
    expect(sent(remote, 'fed3x').at(-1)!.query.get('attrs')).toBe('status');
  });

  it('a source that times out or fails does not fail the read: local data within the timeout, with NGSILD-Warning', async () => {
    const h = await tenant('fed4', [{ id: B(1), type: 'Bridge', load: prop(10) }], [
      { endpoint: slowUrl, tenant: 'fed4', management: { timeout: 300 } },
      { endpoint: brokenUrl, tenant: 'fed4' },
    ]);
    const t0 = Date.now();
    const r = await m.get('/entities?type=Bridge', h);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(r.statusCode).toBe(200);
    expect((r.json() as { id: string }[]).map((e) => e.id)).toEqual([B(1)]);
    const warnings = ([] as string[]).concat(r.headers['ngsild-warning'] as string | string[]);
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/^199 127\.0\.0\.1:\d+ "Context source urn:ngsi-ld:ContextSourceRegistration:fed4-0: no answer within 300 ms"$/m);
    expect(warnings.join('\n')).toMatch(/fed4-1: answered 500"$/m);
    const one = await m.get(`/entities/${B(1)}`, h);
    expect(one.statusCode).toBe(200);
    expect(one.headers['ngsild-warning']).toBeDefined();
  });

  it('ignores expired registrations and registrations whose operations exclude reads', async () => {
    const h = await tenant('fed5', [{ id: B(1), type: 'Bridge', load: prop(10) }], [
      { endpoint: url, tenant: 'fed5', expiresAt: '2020-01-01T00:00:00Z' },
      { endpoint: url, tenant: 'fed5', operations: ['updateOps'] },
    ]);
    expect(((await m.get('/entities?type=Bridge', h)).json() as { id: string }[]).map((e) => e.id)).toEqual([B(1)]);
    expect((await m.get(`/entities/${B(2)}`, h)).statusCode).toBe(404);
    expect(sent(remote, 'fed5')).toHaveLength(0);
  });

  it('forwards nothing for a scoped caller (remote entities have no division) nor for a forwarded request (no loops)', async () => {
    const h = await tenant('fed6', [{ id: B(1), type: 'Bridge', load: prop(10) }], [{ endpoint: url, tenant: 'fed6' }]);
    const county = client(t, countyUser('513401'));
    const list = (await county.get('/entities?type=Bridge', h)).json() as Record<string, unknown>[];
    expect(list.map((e) => e.id)).toEqual([B(1)]);
    expect(list[0]!.vibration).toBeUndefined();
    expect((await county.get(`/entities/${B(2)}`, h)).statusCode).toBe(404);
    expect(sent(remote, 'fed6')).toHaveLength(0);
    for (const loop of [{ 'zc-forwarded': '1' }, { via: '1.1 proxy, 1.1 zhicheng-broker' }] as Record<string, string>[]) {
      expect(((await m.get('/entities?type=Bridge', { ...h, ...loop })).json() as unknown[]).length).toBe(1);
      expect((await m.get(`/entities/${B(2)}`, { ...h, ...loop })).statusCode).toBe(404);
    }
    expect(sent(remote, 'fed6')).toHaveLength(0);
    expect(((await m.get('/entities?type=Bridge', h)).json() as unknown[]).length).toBe(2);
    expect(sent(remote, 'fed6')).toHaveLength(1);
  });
});

describeWithPlatform('context sources on loopback or private addresses are refused (SSRF)', { modules: [testIdentityModule, broker] }, (t) => {
  const m = client(t, MANAGER);
  const remote = remoteBroker(REMOTE);
  let url = '';
  beforeAll(async () => {
    url = await remote.start();
  });
  afterAll(() => remote.stop());

  it('refuses the registration of a loopback or private endpoint and the forward to one', async () => {
    for (const endpoint of [url, 'http://localhost:1026', 'http://10.1.2.3', 'http://[::1]:8080']) {
      const r = await m.json('POST', '/csourceRegistrations', { type: 'ContextSourceRegistration', endpoint, information: [{ entities: [{ type: 'Bridge' }] }] });
      expect(r.statusCode, endpoint).toBe(400);
      expect(r.json().type).toBe(ERR('BadRequestData'));
    }
    // A source registered under a name that later resolves to a private address is checked at call time.
    const forwarder = createForwarder({ allowPrivate: false, timeoutMs: 1000, log: { warn: () => undefined } as unknown as Logger });
    const reg: StoredRegistration = { id: 'urn:ngsi-ld:ContextSourceRegistration:p', type: 'ContextSourceRegistration', endpoint: url, mode: 'inclusive', information: [{ entities: [{ type: 'Bridge' }] }] };
    const res = await forwarder.get({ reg, attrs: null, exclusive: null }, '/entities', new URLSearchParams({ type: 'Bridge' }), null, false);
    expect(res.ok).toBe(false);
    expect(!res.ok && res.warning).toMatch(/loopback or private/);
    expect(remote.got).toHaveLength(0);
  });
});
