import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { expect, it } from 'vitest';
import { totpCode } from '../src/index.js';
import { bearer, ENV, identityModules, login, MINUTE, PASSWORDS, testClock, tokenOf } from './helpers.js';

const clock = testClock();

describeWithPlatform('sign-in, lockout, sessions', { modules: identityModules(clock), env: { ...ENV, ZC_SESSION_IDLE_MINUTES: '30', ZC_SESSION_MAX_HOURS: '2' } }, (t) => {
  it('signs a demo user in and tells who they are', async () => {
    const r = await login(t.platform(), 'operator', PASSWORDS.demo);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ mustChangePassword: false, mustEnrollTotp: false });
    expect(r.body.token).toMatch(/^zcs_/);
    const me = await t.platform().app.inject({ url: '/api/v1/auth/me', headers: bearer(r.body.token) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: 'operator', roles: ['operator'], department: { id: 'dept_513400_ioc', name: '凉山州城市运行管理中心' } });
    expect(me.json().permissions).toContain('alarms:ack');
  });

  it('tells the login page that only passwords are on without an identity provider', async () => {
    expect((await t.platform().app.inject({ url: '/api/v1/auth/methods' })).json()).toEqual({ password: true, oidc: false });
  });

  it('answers 401 without credentials and with a bad token', async () => {
    for (const headers of [{}, bearer('zcs_not-a-real-token-000000000000'), { 'x-api-key': 'zck_nothing-like-a-key-000000' }]) {
      const r = await t.platform().app.inject({ url: '/api/v1/auth/me', headers });
      expect(r.statusCode).toBe(401);
      expect(r.json().code).toBe('ERR_AUTH_REQUIRED');
    }
  });

  it('gives the same answer for an unknown user, a wrong password and a locked account', async () => {
    const unknown = await login(t.platform(), 'nobody-here', 'Whatever#2026');
    const wrong = await login(t.platform(), 'dispatcher', 'Wrong#Pass2026');
    expect(unknown).toEqual({ status: 401, body: expect.objectContaining({ code: 'ERR_AUTH_INVALID_CREDENTIALS', detail: wrong.body.detail }) });
    expect(wrong.body.code).toBe('ERR_AUTH_INVALID_CREDENTIALS');
    // four more wrong passwords lock the account (5 by default)
    for (let i = 0; i < 4; i++) await login(t.platform(), 'dispatcher', 'Wrong#Pass2026');
    const locked = await login(t.platform(), 'dispatcher', PASSWORDS.demo);
    expect(locked.status).toBe(401);
    expect(locked.body.code).toBe('ERR_AUTH_INVALID_CREDENTIALS');
    expect(locked.body.detail).toBe(wrong.body.detail);
    clock.advance(9 * MINUTE);
    expect((await login(t.platform(), 'dispatcher', PASSWORDS.demo)).status).toBe(401);
    clock.advance(2 * MINUTE);
    expect((await login(t.platform(), 'dispatcher', PASSWORDS.demo)).status).toBe(200);
  });

  it('ends a session after the idle timeout, and after its absolute lifetime however busy', async () => {
    const p = t.platform();
    const token = await tokenOf(p, 'inspector', PASSWORDS.demo);
    const me = () => p.app.inject({ url: '/api/v1/auth/me', headers: bearer(token) }).then((r) => r.statusCode);
    clock.advance(29 * MINUTE);
    expect(await me()).toBe(200);
    clock.advance(31 * MINUTE);
    expect(await me()).toBe(401);

    const busy = await tokenOf(p, 'inspector', PASSWORDS.demo);
    for (let i = 0; i < 4; i++) {
      clock.advance(25 * MINUTE);
      expect((await p.app.inject({ url: '/api/v1/auth/me', headers: bearer(busy) })).statusCode).toBe(200);
    }
    clock.advance(25 * MINUTE); // 125 minutes > 2 hours, never idle more than 25
    expect((await p.app.inject({ url: '/api/v1/auth/me', headers: bearer(busy) })).statusCode).toBe(401);
  });

  it('logs out on the server', async () => {
    const p = t.platform();
    const token = await tokenOf(p, 'env-officer', PASSWORDS.demo);
    expect((await p.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) })).statusCode).toBe(204);
    expect((await p.app.inject({ url: '/api/v1/auth/me', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('changes a password under the policy and ends the other sessions', async () => {
    const p = t.platform();
    const a = await tokenOf(p, 'xichang-officer', PASSWORDS.demo);
    const b = await tokenOf(p, 'xichang-officer', PASSWORDS.demo);
    const weak = await p.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: bearer(a), payload: { currentPassword: PASSWORDS.demo, newPassword: 'abcdefgh' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ code: 'ERR_AUTH_PASSWORD_POLICY' });
    expect(weak.json().detail).toMatch(/at least 3 of: lower-case letters, upper-case letters, digits, symbols/);
    const ok = await p.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: bearer(a), payload: { currentPassword: PASSWORDS.demo, newPassword: 'Xichang#2026new' } });
    expect(ok.statusCode).toBe(204);
    expect((await p.app.inject({ url: '/api/v1/auth/me', headers: bearer(a) })).statusCode).toBe(200);
    expect((await p.app.inject({ url: '/api/v1/auth/me', headers: bearer(b) })).statusCode).toBe(401);
    expect((await login(p, 'xichang-officer', PASSWORDS.demo)).status).toBe(401);
    expect((await login(p, 'xichang-officer', 'Xichang#2026new')).status).toBe(200);
  });

  it('holds an administrator to the TOTP enrolment routes until a second factor is enrolled', async () => {
    const p = t.platform();
    const first = await login(p, 'admin', PASSWORDS.admin);
    expect(first.body).toMatchObject({ mustChangePassword: false, mustEnrollTotp: true });
    const token = first.body.token;
    const users = await p.app.inject({ url: '/api/v1/users', headers: bearer(token) });
    expect(users.statusCode).toBe(403);
    expect(users.json().code).toBe('ERR_AUTH_TOTP_ENROLMENT_REQUIRED');
    expect((await p.app.inject({ url: '/api/v1/auth/me', headers: bearer(token) })).json()).toMatchObject({ mustEnrollTotp: true });
    const { secret, otpauthUrl } = (await p.app.inject({ method: 'POST', url: '/api/v1/auth/totp/enroll', headers: bearer(token) })).json();
    expect(otpauthUrl).toContain('otpauth://totp/');
    const bad = await p.app.inject({ method: 'POST', url: '/api/v1/auth/totp/confirm', headers: bearer(token), payload: { code: '000000' } });
    expect(bad.statusCode).toBe(400);
    const ok = await p.app.inject({ method: 'POST', url: '/api/v1/auth/totp/confirm', headers: bearer(token), payload: { code: totpCode(secret, clock.now()) } });
    expect(ok.statusCode).toBe(204);
    expect((await p.app.inject({ url: '/api/v1/users', headers: bearer(token) })).statusCode).toBe(200);
    // the seed is encrypted at rest: the database holds a sealed value, never the secret itself
    const [stored] = await p.ctx.db.query<{ totp_secret: string }>("select totp_secret from identity.users where username = 'admin'");
    expect(stored!.totp_secret.startsWith('zc1:')).toBe(true);
    expect(stored!.totp_secret).not.toContain(secret);

    clock.advance(30_000);
    const noCode = await login(p, 'admin', PASSWORDS.admin);
    expect(noCode).toMatchObject({ status: 401, body: { code: 'ERR_AUTH_TOTP_REQUIRED' } });
    const wrongCode = await login(p, 'admin', PASSWORDS.admin, '123456');
    expect(wrongCode.body.code).toBe('ERR_AUTH_TOTP_REQUIRED');
    // a wrong password says nothing about the second factor
    expect((await login(p, 'admin', 'Wrong#Admin2026', totpCode(secret, clock.now()))).body.code).toBe('ERR_AUTH_INVALID_CREDENTIALS');
    const code = totpCode(secret, clock.now());
    expect((await login(p, 'admin', PASSWORDS.admin, code)).status).toBe(200);
    // the same code cannot be used twice
    expect((await login(p, 'admin', PASSWORDS.admin, code)).body.code).toBe('ERR_AUTH_TOTP_REQUIRED');
  });

  it('stores only hashes of session tokens', async () => {
    const p = t.platform();
    const token = await tokenOf(p, 'operator', PASSWORDS.demo);
    const rows = await p.ctx.db.query<{ token_hash: string }>('select token_hash from identity.sessions');
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    const { createHash } = await import('node:crypto');
    expect(rows.some((r) => r.token_hash === createHash('sha256').update(token).digest('hex'))).toBe(true);
    const users = await p.ctx.db.query<{ password_hash: string }>("select password_hash from identity.users where username = 'operator'");
    expect(users[0]!.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('documents every identity route in the OpenAPI document', async () => {
    const doc = (await t.platform().app.inject({ url: '/docs/json' })).json();
    for (const path of ['/api/v1/auth/login', '/api/v1/auth/me', '/api/v1/users', '/api/v1/departments/tree', '/api/v1/role-assignments', '/api/v1/api-keys', '/api/v1/sessions', '/api/v1/permissions', '/api/v1/audit', '/api/v1/audit/export']) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(doc.paths['/api/v1/auth/login'].post.security).toEqual([]);
  });
});
