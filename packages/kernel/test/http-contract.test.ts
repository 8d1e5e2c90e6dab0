import type { InjectOptions } from 'fastify';
import { Type } from '@sinclair/typebox';
import { expect, it } from 'vitest';
import { AppError } from '../src/errors.js';
import { defineModule } from '../src/module.js';
import { describeWithPlatform, headerAuthModule, testUser } from '../src/testing/index.js';

/** A module that exercises the kernel's HTTP contract (authenticated by the testing header double). */
const probe = defineModule({
  name: 'probe',
  routes(app) {
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
