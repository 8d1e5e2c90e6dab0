import type { InjectOptions } from 'fastify';
import { Type } from '@sinclair/typebox';
import { expect, it } from 'vitest';
import { AppError } from '../src/errors.js';
import { defineModule } from '../src/module.js';
import { describeWithPlatform, headerAuthModule, testUser } from '../src/testing/index.js';

/** Calls of the probe's token link, to show which link judged a request. */
const probeCalls: string[] = [];

/**
 * A module that exercises the kernel's HTTP contract. It is listed after the header double
 * (a fallback link) and adds a specific link claiming `Bearer pt_…` tokens: `pt_device-<id>`
 * is a device principal, anything else a claimed but invalid credential.
 */
const probe = defineModule({
  name: 'probe',
  init(ctx) {
    ctx.addAuthenticator({
      name: 'probe-token',
      claims: (req) => /^Bearer pt_/.test(req.headers.authorization ?? ''),
      async authenticate(req) {
        const token = req.headers.authorization!.slice('Bearer '.length);
        probeCalls.push(token);
        const m = /^pt_device-(\w+)$/.exec(token);
        return m ? { kind: 'device', id: m[1]!, name: m[1]!, departmentId: null, can: (p) => p === 'probe:send' } : null;
      },
    });
  },
  routes(app, ctx) {
    app.post('/api/v1/probe/device-send', { config: { permission: 'probe:send', principals: ['device', 'apiKey'] } }, async (req) => ({ kind: req.principal?.kind, id: req.principal?.id }));
    app.get('/api/v1/probe/whoami', { config: { public: true } }, async (req) => ({ principal: req.principal?.name ?? null }));
    app.get('/api/v1/probe/ctx-authenticate', { config: { public: true } }, async (req) => ({
      byDefault: (await ctx.authenticate(req))?.kind ?? null,
      withDevices: (await ctx.authenticate(req, { principals: ['device'] }))?.kind ?? null,
    }));
    app.get('/api/v1/probe/open', { config: { public: true } }, async () => ({ ok: true }));
    app.get('/api/v1/probe/closed', async (req) => ({ user: req.principal?.name }));
    app.post('/api/v1/probe/guarded', {
      config: { permission: 'probe:write' },
      schema: { body: Type.Object({ name: Type.String({ minLength: 2 }), n: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }) },
    }, async (req) => ({ echo: req.body }));
    app.get('/api/v1/probe/missing/:id', async (req) => {
      throw new AppError(404, 'ERR_PROBE_NOT_FOUND', `No probe ${(req.params as { id: string }).id}.`);
    });
    app.get('/api/v1/probe/crash', { config: { public: true } }, async () => {
      throw new Error('secret internals');
    });
  },
});

const user = (perms = '') => testUser(perms ? [perms] : []);

describeWithPlatform('HTTP contract', { modules: [headerAuthModule, probe] }, (t) => {
  const inject = (opts: InjectOptions) => t.platform().app.inject(opts);

  it('answers 401 with a problem for closed routes without credentials', async () => {
    const r = await inject({ method: 'GET', url: '/api/v1/probe/closed' });
    expect(r.statusCode).toBe(401);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json()).toMatchObject({ status: 401, code: 'ERR_AUTH_REQUIRED', type: 'urn:zhicheng:problem:ERR_AUTH_REQUIRED' });
  });

  it('opens public routes and passes the principal to closed ones', async () => {
    expect((await inject({ method: 'GET', url: '/api/v1/probe/open' })).json()).toEqual({ ok: true });
    expect((await inject({ method: 'GET', url: '/api/v1/probe/closed', headers: user() })).json()).toEqual({ user: 'tester' });
  });

  it('asks the specific link before the fallback, and a claimed invalid credential never falls through', async () => {
    probeCalls.length = 0;
    // The header double (a fallback link that claims every request) would accept x-test-user;
    // the probe link claimed the bearer token first and found it invalid: 401, not "tester".
    const r = await inject({ method: 'GET', url: '/api/v1/probe/closed', headers: { ...user(), authorization: 'Bearer pt_not-valid' } });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: 'ERR_AUTH_REQUIRED', detail: expect.stringMatching(/not valid/) });
    expect(probeCalls).toEqual(['pt_not-valid']);
    // Credentials the probe link does not claim go on to the fallback.
    expect((await inject({ method: 'GET', url: '/api/v1/probe/closed', headers: user() })).json()).toEqual({ user: 'tester' });
    expect(probeCalls).toHaveLength(1);
  });

  it('admits a device principal only on routes that name its kind', async () => {
    const device = { authorization: 'Bearer pt_device-d1' };
    const sent = await inject({ method: 'POST', url: '/api/v1/probe/device-send', headers: device });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toEqual({ kind: 'device', id: 'd1' });
    // Default routes admit users and API keys only: a device token is refused with a stable code.
    const closed = await inject({ method: 'GET', url: '/api/v1/probe/closed', headers: device });
    expect(closed.statusCode).toBe(403);
    expect(closed.json().code).toBe('ERR_AUTH_PRINCIPAL_NOT_ALLOWED');
    const guarded = await inject({ method: 'POST', url: '/api/v1/probe/guarded', headers: device, payload: { name: 'ab', n: 1 } });
    expect(guarded.json().code).toBe('ERR_AUTH_PRINCIPAL_NOT_ALLOWED');
    // On a public route it is no principal at all.
    expect((await inject({ method: 'GET', url: '/api/v1/probe/whoami', headers: device })).json()).toEqual({ principal: null });
    // The function-level check still applies to admitted kinds (the user holds no probe:send).
    expect((await inject({ method: 'POST', url: '/api/v1/probe/device-send', headers: user() })).statusCode).toBe(403);
    // Users are not admitted on a route that names device and apiKey only.
    expect((await inject({ method: 'POST', url: '/api/v1/probe/device-send', headers: user('probe:send') })).json().code).toBe('ERR_AUTH_PRINCIPAL_NOT_ALLOWED');
  });

  it('runs the same chain for ctx.authenticate, admitting users and API keys unless told otherwise', async () => {
    const dev = await inject({ method: 'GET', url: '/api/v1/probe/ctx-authenticate', headers: { authorization: 'Bearer pt_device-d2' } });
    expect(dev.json()).toEqual({ byDefault: null, withDevices: 'device' });
    const person = await inject({ method: 'GET', url: '/api/v1/probe/ctx-authenticate', headers: user() });
    expect(person.json()).toEqual({ byDefault: 'user', withDevices: null });
  });

  it('checks function-level permissions with 403', async () => {
    const r = await inject({ method: 'POST', url: '/api/v1/probe/guarded', headers: user('other:x'), payload: { name: 'ab', n: 1 } });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('ERR_FORBIDDEN');
  });

  it('validates bodies against the schema with an actionable 400', async () => {
    const r = await inject({ method: 'POST', url: '/api/v1/probe/guarded', headers: user('probe:write'), payload: { name: 'a', n: 1 } });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'ERR_VALIDATION' });
    expect(r.json().detail).toMatch(/body\/name/);
    const extra = await inject({ method: 'POST', url: '/api/v1/probe/guarded', headers: user('probe:write'), payload: { name: 'ab', n: 1, admin: true } });
    expect(extra.statusCode).toBe(400);
    const ok = await inject({ method: 'POST', url: '/api/v1/probe/guarded', headers: user('probe:write'), payload: { name: 'ab', n: 1 } });
    expect(ok.json()).toEqual({ echo: { name: 'ab', n: 1 } });
  });

  it('renames malformed JSON, wrong media types and oversized bodies to stable codes', async () => {
    const bad = await inject({ method: 'POST', url: '/api/v1/probe/guarded', headers: { ...user('probe:write'), 'content-type': 'application/json' }, payload: '{"name": ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('ERR_INVALID_JSON');
    const media = await inject({ method: 'POST', url: '/api/v1/probe/guarded', headers: { ...user('probe:write'), 'content-type': 'text/csv' }, payload: 'a,b' });
    expect(media.statusCode).toBe(415);
    expect(media.json().code).toBe('ERR_UNSUPPORTED_MEDIA_TYPE');
    const big = await inject({ method: 'POST', url: '/api/v1/probe/guarded', headers: { ...user('probe:write'), 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(2_000_000), n: 1 }) });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('ERR_BODY_TOO_LARGE');
  });

  it('renders module errors and unknown paths as problems', async () => {
    const r = await inject({ method: 'GET', url: '/api/v1/probe/missing/7', headers: user() });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: 'ERR_PROBE_NOT_FOUND', detail: 'No probe 7.' });
    const none = await inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('ERR_NOT_FOUND');
  });

  it('never leaks internals in a 500', async () => {
    const r = await inject({ method: 'GET', url: '/api/v1/probe/crash' });
    expect(r.statusCode).toBe(500);
    expect(r.json().code).toBe('ERR_INTERNAL');
    expect(r.body).not.toContain('secret internals');
  });

  it('echoes a valid request id and generates one otherwise', async () => {
    const given = await inject({ method: 'GET', url: '/api/v1/probe/open', headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const junk = await inject({ method: 'GET', url: '/api/v1/probe/open', headers: { 'x-request-id': 'bad id\nwith newline' } });
    expect(junk.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports health of database, broker and bus', async () => {
    const r = await inject({ method: 'GET', url: '/healthz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', checks: { database: { status: 'ok', engine: t.engine }, broker: { status: 'off' }, bus: { status: 'ok', mode: 'memory' } } });
  });

  it('exposes Prometheus metrics with HTTP and pool figures', async () => {
    await inject({ method: 'GET', url: '/api/v1/probe/open' });
    const r = await inject({ method: 'GET', url: '/metrics' });
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    expect(r.body).toContain('zc_http_requests_total{method="GET",route="/api/v1/probe/open",status="200"}');
    expect(r.body).toMatch(/zc_db_pool_max \d+/);
    expect(r.body).toContain('zc_process_cpu_user_seconds_total');
    expect(r.body).toContain(`zc_db_info{engine="${t.engine}"} 1`);
  });

  it('publishes an OpenAPI 3.1 document built from the route schemas', async () => {
    const doc = (await inject({ method: 'GET', url: '/docs/json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/probe/guarded'].post.requestBody.content['application/json'].schema.properties.name.minLength).toBe(2);
    expect(doc.paths['/healthz'].get.security).toEqual([]);
    expect((await inject({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
  });
});
