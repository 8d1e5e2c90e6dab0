import { createAuditModule } from '@zhicheng/audit';
import geo from '@zhicheng/geo';
import type { ModuleManifest } from '@zhicheng/kernel';
import type { TestPlatform } from '@zhicheng/kernel/testing';
import { createIdentityModule, totpCode } from '../src/index.js';

/** A clock tests move by hand, so lockout and timeouts are tested without sleeping. */
export function testClock(start = new Date()) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
    set(d: Date) {
      t = d.getTime();
    },
  };
}

export const MINUTE = 60_000;

export const PASSWORDS = {
  admin: 'Admin#Test2026',
  secadmin: 'Secadmin#Test2026',
  auditadmin: 'Auditadmin#Test2026',
  demo: 'Demo#Test2026',
};

export const BOOTSTRAP_KEY = 'zc-bootstrap-key-for-tests-0123456789';

/** Settings every identity suite runs with (the kernel's test platform adds admin and demo passwords). */
export const ENV = {
  ZC_SECURITY_ADMIN_PASSWORD: PASSWORDS.secadmin,
  ZC_AUDIT_ADMIN_PASSWORD: PASSWORDS.auditadmin,
  ZC_BOOTSTRAP_API_KEY: BOOTSTRAP_KEY,
  ZC_LOGIN_RATE_LIMIT: '10000',
};

export function identityModules(clock: { now: () => Date }, extra: ModuleManifest[] = []): ModuleManifest[] {
  return [geo, createAuditModule({ now: clock.now }), createIdentityModule({ now: clock.now }), ...extra];
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function login(p: TestPlatform, username: string, password: string, totp?: string) {
  const res = await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password, ...(totp ? { totp } : {}) } });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> & { token: string; code?: string } };
}

/** Signs in and returns the token; fails the test on anything but 200. */
export async function tokenOf(p: TestPlatform, username: string, password: string, totp?: string): Promise<string> {
  const r = await login(p, username, password, totp);
  if (r.status !== 200) throw new Error(`login of ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

/**
 * Signs an administrator in and enrols their second factor (administrators must), returning
 * a working token and the TOTP secret. The clock moves 30 s between codes so none is reused.
 */
export async function adminSession(p: TestPlatform, clock: ReturnType<typeof testClock>, username: string, password: string) {
  const first = await tokenOf(p, username, password);
  const enrol = await p.app.inject({ method: 'POST', url: '/api/v1/auth/totp/enroll', headers: bearer(first) });
  if (enrol.statusCode !== 200) throw new Error(`enrol ${username}: ${enrol.body}`);
  const { secret } = enrol.json() as { secret: string };
  const confirm = await p.app.inject({ method: 'POST', url: '/api/v1/auth/totp/confirm', headers: bearer(first), payload: { code: totpCode(secret, clock.now()) } });
  if (confirm.statusCode !== 204) throw new Error(`confirm ${username}: ${confirm.body}`);
  clock.advance(30_000);
  const token = await tokenOf(p, username, password, totpCode(secret, clock.now()));
  clock.advance(30_000);
  return { token, secret };
}
