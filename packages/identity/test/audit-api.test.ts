import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { beforeAll, expect, it } from 'vitest';
import { bearer, ENV, identityModules, login, PASSWORDS, testClock, tokenOf } from './helpers.js';

const clock = testClock();

describeWithPlatform('audit log API (audit administrator only)', { modules: identityModules(clock), env: ENV }, (t) => {
  let auditor = '';
  beforeAll(async () => {
    await login(t.platform(), 'operator', 'Wrong#Pass2026');
    await tokenOf(t.platform(), 'operator', PASSWORDS.demo);
    auditor = await tokenOf(t.platform(), 'auditor', PASSWORDS.demo);
  });
  const get = (url: string, token = auditor) => t.platform().app.inject({ url, headers: bearer(token) });

  it('records sign-ins with time, user, department, source address, action, object, outcome and request id', async () => {
    const r = await get('/api/v1/audit?action=auth.login&actor=operator');
    expect(r.statusCode).toBe(200);
    const [ok, failed] = r.json().items;
    expect(ok).toMatchObject({ actorKind: 'user', actorName: 'operator', departmentId: 'dept_513400_ioc', sourceIp: '127.0.0.1', action: 'auth.login', objectType: 'session', outcome: 'success' });
    expect(ok.requestId).toEqual(expect.any(String));
    expect(ok.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(failed).toMatchObject({ outcome: 'failure', detail: { reason: 'bad-password' } });
    expect(JSON.stringify(r.json())).not.toContain('Wrong#Pass2026');
  });

  it('filters by outcome, time range and object, and pages on the server', async () => {
    const failures = (await get('/api/v1/audit?outcome=failure')).json();
    expect(failures.items.every((i: { outcome: string }) => i.outcome === 'failure')).toBe(true);
    const future = new Date(clock.now().getTime() + 3_600_000).toISOString();
    expect((await get(`/api/v1/audit?from=${encodeURIComponent(future)}`)).json().total).toBe(0);
    const page = (await get('/api/v1/audit?limit=2&offset=1')).json();
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThan(3);
    expect((await get('/api/v1/audit?objectType=user&limit=1')).json().items[0].objectType).toBe('user');
  });

  it('exports CSV and JSON, and audits each export', async () => {
    const csv = await get('/api/v1/audit/export?format=csv&action=auth.');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="zhicheng-audit-.*\.csv"/);
    expect(csv.body.split('\r\n')[0]).toContain('seq,at,actor_kind');
    const json = await get('/api/v1/audit/export?format=json');
    expect(Array.isArray(json.json())).toBe(true);
    const exports = (await get('/api/v1/audit?action=audit.exported')).json();
    expect(exports.total).toBe(2);
    expect(exports.items[0]).toMatchObject({ actorName: 'auditor', detail: { format: 'json' } });
  });

  it('records the settings at start, never secret values', async () => {
    const initial = (await get('/api/v1/audit?action=config.initial')).json().items[0];
    expect(initial).toMatchObject({ actorKind: 'system', detail: { settings: { ZC_REGION_CODE: '513400', ZC_ADMIN_PASSWORD: '(set)', ZC_BOOTSTRAP_API_KEY: '(set)' } } });
    expect(JSON.stringify(initial)).not.toContain(PASSWORDS.admin);
  });

  it('verifies the chain on request', async () => {
    expect((await get('/api/v1/audit/verify')).json()).toMatchObject({ ok: true, firstBad: null });
  });

  it('is closed to everyone else', async () => {
    const operator = await tokenOf(t.platform(), 'operator', PASSWORDS.demo);
    for (const url of ['/api/v1/audit', '/api/v1/audit/export?format=csv', '/api/v1/audit/verify']) {
      expect((await get(url, operator)).statusCode).toBe(403);
      expect((await t.platform().app.inject({ url })).statusCode).toBe(401);
    }
  });
});
