import { describeWithPlatform } from '@zhicheng/kernel/testing';
import type { InjectOptions } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { adminSession, BOOTSTRAP_KEY, bearer, ENV, identityModules, PASSWORDS, testClock } from './helpers.js';

const clock = testClock();
const DAY = 86_400_000;

describeWithPlatform('API keys', { modules: identityModules(clock), env: ENV }, (t) => {
  let sec = '';
  beforeAll(async () => {
    sec = (await adminSession(t.platform(), clock, 'secadmin', PASSWORDS.secadmin)).token;
  });
  const inject = (opts: InjectOptions) => t.platform().app.inject(opts);

  it('accepts the bootstrap key in both headers, with data permissions over the region and no administration (nor reading accounts)', async () => {
    for (const headers of [bearer(BOOTSTRAP_KEY), { 'x-api-key': BOOTSTRAP_KEY }]) {
      const me = await inject({ url: '/api/v1/auth/me', headers });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ kind: 'apiKey', department: { id: 'dept_513400_bdc' } });
      expect(me.json().permissions).toEqual(expect.arrayContaining(['entities:read', 'entities:write:*', 'alarms:ack', 'cases:dispatch', 'telemetry:write']));
      expect(me.json().permissions).not.toContain('pii:read');
      for (const url of ['/api/v1/users', '/api/v1/roles', '/api/v1/api-keys', '/api/v1/sessions', '/api/v1/audit']) {
        expect((await inject({ url, headers })).statusCode, url).toBe(403);
      }
      const create = await inject({ method: 'POST', url: '/api/v1/users', headers, payload: { username: 'robot', displayName: 'Robot', departmentId: 'dept_513400_bdc' } });
      expect(create.statusCode).toBe(403);
    }
    const keys = (await inject({ url: '/api/v1/api-keys', headers: bearer(sec) })).json().items;
    expect(keys.find((k: { bootstrap: boolean }) => k.bootstrap)).toMatchObject({ divisionScopeCode: '513400', expiresAt: null });
  });

  it('creates a key shown once, stored hashed, usable by both headers, then revoked', async () => {
    const created = await inject({
      method: 'POST', url: '/api/v1/api-keys', headers: bearer(sec),
      payload: { name: '西昌水务监测接入', departmentId: 'dept_513401_gov', permissions: ['entities:read', 'entities:write:WaterQualityObserved'], divisionScopeCode: '513401', expiresInDays: 30 },
    });
    expect(created.statusCode).toBe(201);
    const { key, secret } = created.json();
    expect(secret).toMatch(/^zck_/);
    expect(JSON.stringify(key)).not.toContain(secret);
    const stored = await t.platform().ctx.db.query<{ secret_hash: string }>('select secret_hash from identity.api_keys where id = $1', [key.id]);
    expect(stored[0]!.secret_hash).not.toBe(secret);
    expect(stored[0]!.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    const list = await inject({ url: '/api/v1/api-keys?department=dept_513401_gov', headers: bearer(sec) });
    expect(list.json().items).toHaveLength(1);
    expect(JSON.stringify(list.json())).not.toContain(secret);
    for (const headers of [bearer(secret), { 'x-api-key': secret }]) {
      expect((await inject({ url: '/api/v1/auth/me', headers })).json()).toMatchObject({ kind: 'apiKey', permissions: ['entities:read', 'entities:write:WaterQualityObserved'] });
    }
    expect((await inject({ method: 'POST', url: `/api/v1/api-keys/${key.id}/revoke`, headers: bearer(sec) })).json().revokedAt).not.toBeNull();
    expect((await inject({ url: '/api/v1/auth/me', headers: { 'x-api-key': secret } })).statusCode).toBe(401);
  });

  it('expires keys and refuses administrator permissions on keys', async () => {
    const created = await inject({ method: 'POST', url: '/api/v1/api-keys', headers: bearer(sec), payload: { name: 'short-lived', departmentId: 'dept_513400_bdc', permissions: ['alarms:read'], expiresInDays: 1 } });
    const { secret } = created.json();
    expect((await inject({ url: '/api/v1/auth/me', headers: bearer(secret) })).statusCode).toBe(200);
    const admin = await inject({ method: 'POST', url: '/api/v1/api-keys', headers: bearer(sec), payload: { name: 'too strong', departmentId: 'dept_513400_bdc', permissions: ['users:manage'] } });
    expect(admin.json().code).toBe('ERR_IDENTITY_SEPARATION_OF_DUTIES');
    const tooLong = await inject({ method: 'POST', url: '/api/v1/api-keys', headers: bearer(sec), payload: { name: 'forever', departmentId: 'dept_513400_bdc', permissions: ['alarms:read'], expiresInDays: 3000 } });
    expect(tooLong.json().code).toBe('ERR_IDENTITY_KEY_LIFETIME');
    // (the administrator's own session times out too: the key is checked last)
    clock.advance(DAY + 1000);
    expect((await inject({ url: '/api/v1/auth/me', headers: bearer(secret) })).statusCode).toBe(401);
  });

  it('audits key events under the key or the administrator', async () => {
    const rows = await t.platform().ctx.db.query<{ action: string; actor_name: string }>("select action, actor_name from audit.records where action like 'identity.apikey.%' order by seq");
    expect(rows.map((r) => r.action)).toEqual(['identity.apikey.created', 'identity.apikey.created', 'identity.apikey.revoked', 'identity.apikey.created']);
    expect(rows[0]!.actor_name).toBe('zhicheng');
    expect(rows[1]!.actor_name).toBe('secadmin');
  });
});

describeWithPlatform('login rate limit', { modules: identityModules(testClock()), env: { ...ENV, ZC_LOGIN_RATE_LIMIT: '3' } }, (t) => {
  it('answers 429 ERR_RATE_LIMITED past the limit per address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await t.platform().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'operator', password: 'Wrong#2026x' } });
      codes.push(r.statusCode);
      if (r.statusCode === 429) expect(r.json()).toMatchObject({ code: 'ERR_RATE_LIMITED', status: 429 });
    }
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });
});
