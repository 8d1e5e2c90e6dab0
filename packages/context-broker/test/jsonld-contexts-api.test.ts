import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import broker from '../src/index.js';
import { ALL_PERMS, CORE, client, testIdentityModule } from './helpers.js';

const MANAGER = { 'x-test-user': 'ctx-admin', 'x-test-perms': [...ALL_PERMS, 'ngsi:manage'].join(','), 'x-test-department': 'dept-data' };
const OTHER_MANAGER = { 'x-test-user': 'other', 'x-test-perms': 'entities:read,ngsi:manage', 'x-test-department': 'dept-other', 'x-test-divisions': '513401' };
const READER = { 'x-test-user': 'reader', 'x-test-perms': 'entities:read' };
const ERR = (name: string) => `https://uri.etsi.org/ngsi-ld/errors/${name}`;

/** A remote host serving one context document that the test can change or take down. */
function remoteContext() {
  let doc: unknown = { '@context': { depth: 'https://example.org/vocab#depth' } };
  let up = true;
  const server: Server = createServer((_req, res) => {
    if (!up) return void res.writeHead(500).end();
    res.writeHead(200, { 'content-type': 'application/ld+json' }).end(JSON.stringify(doc));
  });
  return {
    set: (d: unknown) => void (doc = d),
    down: () => void (up = false),
    async start() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/ctx.jsonld`;
    },
    stop: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

describeWithPlatform('NGSI-LD @context management (clauses 5.13, 6.30)', {
  modules: [testIdentityModule, broker], env: { ZC_LDCONTEXT_HOSTS: '127.0.0.1' },
}, (t) => {
  const m = client(t, MANAGER);
  const remote = remoteContext();
  let remoteUrl = '';
  beforeAll(async () => {
    remoteUrl = await remote.start();
  });
  afterAll(() => remote.stop());

  let hostedId = '';
  it('adds a Hosted @context (201 + Location) that requests can then name in a Link header', async () => {
    const r = await m.json('POST', '/jsonldContexts', { '@context': { level: 'https://example.org/water#level', Well: 'https://example.org/water#Well' } });
    expect(r.statusCode).toBe(201);
    const loc = String(r.headers.location);
    expect(loc).toMatch(/^\/ngsi-ld\/v1\/jsonldContexts\/[0-9a-f-]{36}$/);
    hostedId = loc.split('/').pop()!;
    const served = await t.platform().app.inject({ method: 'GET', url: loc });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toMatch(/^application\/json/);
    expect(served.json()).toEqual({ '@context': { level: 'https://example.org/water#level', Well: 'https://example.org/water#Well' } });
    const link = { link: `<http://broker.example${loc}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"` };
    expect((await m.json('POST', '/entities', { id: 'urn:ngsi-ld:Well:w1', type: 'Well', level: { type: 'Property', value: 3 } }, link)).statusCode).toBe(201);
    const expanded = (await m.get('/entities/urn:ngsi-ld:Well:w1?options=keyValues')).json();
    expect(expanded).toEqual({ id: 'urn:ngsi-ld:Well:w1', type: 'https://example.org/water#Well', 'https://example.org/water#level': 3 });
    expect((await m.get('/entities/urn:ngsi-ld:Well:w1?options=keyValues', link)).json()).toEqual({ id: 'urn:ngsi-ld:Well:w1', type: 'Well', level: 3 });
  });

  it('refuses bodies that are not an @context (400 BadRequestData) and callers without ngsi:manage (403)', async () => {
    for (const body of [{ level: 'x' }, [{ '@context': {} }], { '@context': 42 }, { '@context': [] }, { '@context': { bad: { '@id': 12 } } }]) {
      const r = await m.json('POST', '/jsonldContexts', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().type).toBe(ERR('BadRequestData'));
    }
    expect((await client(t, READER).json('POST', '/jsonldContexts', { '@context': { a: 'https://example.org/a' } })).statusCode).toBe(403);
  });

  it('lists URLs, or metadata with details=true, filtered by kind; the core context is a bundled Cached one', async () => {
    const urls = (await m.get('/jsonldContexts')).json() as string[];
    expect(urls).toContain(CORE);
    expect(urls.some((u) => u.endsWith(`/ngsi-ld/v1/jsonldContexts/${hostedId}`))).toBe(true);
    const hosted = (await m.get('/jsonldContexts?details=true&kind=Hosted')).json() as Record<string, unknown>[];
    expect(hosted).toHaveLength(1);
    expect(hosted[0]).toMatchObject({ localId: hostedId, kind: 'Hosted' });
    expect(String(hosted[0]!.URL)).toMatch(new RegExp(`/ngsi-ld/v1/jsonldContexts/${hostedId}$`));
    expect(Number.isNaN(Date.parse(String(hosted[0]!.createdAt)))).toBe(false);
    const cached = (await m.get('/jsonldContexts?details=true&kind=Cached')).json() as Record<string, unknown>[];
    expect(cached.find((x) => x.URL === CORE)).toMatchObject({ kind: 'Cached', localId: CORE });
    expect((await m.get('/jsonldContexts?kind=Shared')).json().type).toBe(ERR('BadRequestData'));
    expect((await m.get('/jsonldContexts?details=yes')).statusCode).toBe(400);
    // Metadata of one; a Cached context is served only as metadata (422 otherwise).
    expect((await m.get(`/jsonldContexts/${hostedId}?details=true`)).json()).toMatchObject({ localId: hostedId, kind: 'Hosted' });
    const core = await m.get(`/jsonldContexts/${encodeURIComponent(CORE)}`);
    expect(core.statusCode).toBe(422);
    expect(core.json().type).toBe(ERR('OperationNotSupported'));
    expect((await m.get(`/jsonldContexts/${encodeURIComponent(CORE)}?details=true`)).json()).toMatchObject({ kind: 'Cached', URL: CORE });
    expect((await m.get('/jsonldContexts/no-such-context')).statusCode).toBe(404);
  });

  it('keeps a downloaded remote context as Cached, serves it after the host goes down, reloads it on request (504 when the download fails)', async () => {
    const link = { link: `<${remoteUrl}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"` };
    expect((await m.json('POST', '/entities', { id: 'urn:ngsi-ld:Well:w2', type: 'Well', depth: { type: 'Property', value: 40 } }, link)).statusCode).toBe(201);
    const cached = ((await m.get('/jsonldContexts?details=true&kind=Cached')).json() as Record<string, unknown>[]).find((x) => x.URL === remoteUrl);
    expect(cached).toBeDefined();
    // reload=true: downloaded again and replaced.
    remote.set({ '@context': { depth: 'https://example.org/vocab#depthMetres' } });
    expect((await m.inject({ method: 'DELETE', url: `/ngsi-ld/v1/jsonldContexts/${encodeURIComponent(remoteUrl)}?reload=true` })).statusCode).toBe(204);
    expect(Object.keys((await m.get('/entities/urn:ngsi-ld:Well:w2?options=keyValues', link)).json())).toContain('https://example.org/vocab#depth');
    // The kept copy answers when the host is gone; a reload then fails with 504 and keeps the copy.
    remote.down();
    const failed = await m.inject({ method: 'DELETE', url: `/ngsi-ld/v1/jsonldContexts/${cached!.localId as string}?reload=true` });
    expect(failed.statusCode).toBe(504);
    expect(failed.json().type).toBe(ERR('LdContextNotAvailable'));
    expect((await m.get('/entities/urn:ngsi-ld:Well:w2?options=keyValues', link)).statusCode).toBe(200);
    // reload on a Hosted context, or deleting the bundled core context, is BadRequestData.
    expect((await m.inject({ method: 'DELETE', url: `/ngsi-ld/v1/jsonldContexts/${hostedId}?reload=true` })).json().type).toBe(ERR('BadRequestData'));
    expect((await m.inject({ method: 'DELETE', url: `/ngsi-ld/v1/jsonldContexts/${encodeURIComponent(CORE)}` })).statusCode).toBe(400);
  });

  it('serves the contexts it made for inline @contexts (ImplicitlyCreated) from the store', async () => {
    const inline = { '@context': [{ flow: 'https://example.org/water#flow' }, CORE] };
    const r = await m.inject({ method: 'POST', url: '/ngsi-ld/v1/entities', headers: { 'content-type': 'application/ld+json' }, payload: JSON.stringify({ id: 'urn:ngsi-ld:Pump:p1', type: 'Pump', flow: { type: 'Property', value: 1 }, ...inline }) });
    expect(r.statusCode).toBe(201);
    const got = await m.inject({ method: 'POST', url: '/ngsi-ld/v1/entityOperations/query', headers: { 'content-type': 'application/ld+json' }, payload: JSON.stringify({ type: 'Query', entities: [{ type: 'Pump' }], ...inline }) });
    const link = String(got.headers.link);
    const id = /jsonldContexts\/([0-9a-f]{32})>/.exec(link)![1]!;
    await new Promise((res) => setTimeout(res, 200));
    const listed = (await m.get('/jsonldContexts?details=true&kind=ImplicitlyCreated')).json() as Record<string, unknown>[];
    expect(listed.map((x) => x.localId)).toContain(id);
    expect((await t.platform().app.inject({ method: 'GET', url: `/ngsi-ld/v1/jsonldContexts/${id}` })).json()).toEqual({ '@context': inline['@context'] });
  });

  it('lets only the adding department (or an admin who writes everywhere) delete a Hosted context; afterwards its Link is 503 LdContextNotAvailable', async () => {
    const other = client(t, OTHER_MANAGER);
    const denied = await other.inject({ method: 'DELETE', url: `/ngsi-ld/v1/jsonldContexts/${hostedId}` });
    expect(denied.statusCode).toBe(403);
    expect((await m.inject({ method: 'DELETE', url: `/ngsi-ld/v1/jsonldContexts/${hostedId}` })).statusCode).toBe(204);
    expect((await m.get(`/jsonldContexts/${hostedId}`)).statusCode).toBe(404);
    expect((await m.inject({ method: 'DELETE', url: `/ngsi-ld/v1/jsonldContexts/${hostedId}` })).json().type).toBe(ERR('ResourceNotFound'));
    const link = { link: `<http://broker.example/ngsi-ld/v1/jsonldContexts/${hostedId}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"` };
    const r = await m.get('/entities/urn:ngsi-ld:Well:w1', link);
    expect(r.statusCode).toBe(503);
    expect(r.json().type).toBe(ERR('LdContextNotAvailable'));
  });

  it('stores Hosted contexts in the database (they outlive the process)', async () => {
    const r = await m.json('POST', '/jsonldContexts', { '@context': { k: 'https://example.org/k' } });
    const loc = String(r.headers.location);
    const rows = await t.platform().ctx.db.query<{ kind: string; body: unknown }>('select kind, body from ngsi.jsonld_contexts where id = $1', [loc.split('/').pop()]);
    expect(rows).toEqual([{ kind: 'Hosted', body: { '@context': { k: 'https://example.org/k' } } }]);
  });
});
