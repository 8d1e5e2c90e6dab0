import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { beforeAll, expect, it } from 'vitest';
import { adminSession, bearer, ENV, identityModules, PASSWORDS, testClock, tokenOf } from './helpers.js';

const clock = testClock();

describeWithPlatform('the three administrators (三员分立)', { modules: identityModules(clock), env: ENV }, (t) => {
  const tokens = { admin: '', secadmin: '', auditadmin: '' };
  const call = (who: keyof typeof tokens, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.platform().app.inject({ method, url, headers: bearer(tokens[who]), ...(payload ? { payload } : {}) });
  let userId = '';

  beforeAll(async () => {
    for (const [name, pw] of [['admin', PASSWORDS.admin], ['secadmin', PASSWORDS.secadmin], ['auditadmin', PASSWORDS.auditadmin]] as const) {
      tokens[name] = (await adminSession(t.platform(), clock, name, pw)).token;
    }
  });

  it('system administrator manages accounts and departments, nothing of the others', async () => {
    const dept = await call('admin', 'POST', '/api/v1/departments', { name: '西昌市数据资源局', kind: 'bureau', parentId: 'dept_513401_gov', divisionCode: '513401' });
    expect(dept.statusCode).toBe(201);
    const created = await call('admin', 'POST', '/api/v1/users', { username: 'zhang.san', displayName: '张三', departmentId: dept.json().id, phone: '13812345678' });
    expect(created.statusCode).toBe(201);
    expect(created.json().oneTimePassword).toMatch(/^.{20}$/);
    expect(created.json().user).toMatchObject({ username: 'zhang.san', mustChangePassword: true, phone: '138****5678' });
    userId = created.json().user.id;
    for (const [method, url, body] of [
      ['POST', '/api/v1/role-assignments', { userId, roleId: 'operator' }],
      ['POST', '/api/v1/roles', { id: 'x-role', nameZh: '某角色', nameEn: 'X', permissions: ['alarms:read'] }],
      ['POST', '/api/v1/api-keys', { name: 'key one', departmentId: 'dept_513400_bdc', permissions: ['entities:read'] }],
      ['GET', '/api/v1/sessions', undefined],
      ['GET', '/api/v1/audit', undefined],
      ['GET', '/api/v1/audit/export?format=csv', undefined],
    ] as const) {
      const r = await call('admin', method, url, body);
      expect(r.statusCode, `${method} ${url}`).toBe(403);
    }
  });

  it('security administrator grants roles, keys and sessions, but creates no accounts and reads no audit', async () => {
    const grant = await call('secadmin', 'POST', '/api/v1/role-assignments', { userId, roleId: 'operator', divisionScopeCode: '513401' });
    expect(grant.statusCode).toBe(201);
    expect(grant.json()).toMatchObject({ roleId: 'operator', divisionScopeCode: '513401', createdBy: 'secadmin' });
    expect((await call('secadmin', 'GET', '/api/v1/sessions')).statusCode).toBe(200);
    expect((await call('secadmin', 'GET', `/api/v1/users/${userId}`)).statusCode).toBe(200);
    for (const [method, url, body] of [
      ['POST', '/api/v1/users', { username: 'li.si', displayName: '李四', departmentId: 'dept_513400_bdc' }],
      ['POST', `/api/v1/users/${userId}/reset-password`, undefined],
      ['POST', '/api/v1/departments', { name: '某局', kind: 'bureau', parentId: 'dept_513400_gov', divisionCode: '513400' }],
      ['GET', '/api/v1/audit', undefined],
    ] as const) {
      expect((await call('secadmin', method, url, body)).statusCode, `${method} ${url}`).toBe(403);
    }
  });

  it('audit administrator reads and exports the audit log only', async () => {
    const list = await call('auditadmin', 'GET', '/api/v1/audit?action=identity.&limit=50');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((r: { action: string }) => r.action)).toEqual(expect.arrayContaining(['identity.user.created', 'identity.grant.created', 'identity.department.created']));
    for (const [method, url, body] of [
      ['GET', '/api/v1/users', undefined],
      ['POST', '/api/v1/role-assignments', { userId, roleId: 'pii-viewer' }],
      ['GET', '/api/v1/roles', undefined],
    ] as const) {
      expect((await call('auditadmin', method, url, body)).statusCode, `${method} ${url}`).toBe(403);
    }
  });

  it('keeps duties apart even when the security administrator tries to combine them', async () => {
    const users = (await call('secadmin', 'GET', '/api/v1/users?q=auditadmin')).json().items;
    const secadminId = (await call('secadmin', 'GET', '/api/v1/auth/me')).json().id;
    const self = await call('secadmin', 'POST', '/api/v1/role-assignments', { userId: secadminId, roleId: 'audit-admin' });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('ERR_IDENTITY_SEPARATION_OF_DUTIES');
    const both = await call('secadmin', 'POST', '/api/v1/role-assignments', { userId: users[0].id, roleId: 'system-admin' });
    expect(both.json().code).toBe('ERR_IDENTITY_SEPARATION_OF_DUTIES');
    const mixed = await call('secadmin', 'POST', '/api/v1/roles', { id: 'super', nameZh: '超级', nameEn: 'Super', permissions: ['users:manage', 'audit:read'] });
    expect(mixed.statusCode).toBe(403);
    const locked = await call('secadmin', 'PATCH', '/api/v1/roles/operator', { permissions: ['alarms:read'] });
    expect(locked).toMatchObject({ statusCode: 409 });
    expect(locked.json().code).toBe('ERR_IDENTITY_ROLE_LOCKED');
    const unknown = await call('secadmin', 'POST', '/api/v1/roles', { id: 'odd', nameZh: '怪', nameEn: 'Odd', permissions: ['nothing:here'] });
    expect(unknown.json().code).toBe('ERR_IDENTITY_UNKNOWN_PERMISSION');
    const custom = await call('secadmin', 'POST', '/api/v1/roles', { id: 'water-watch', nameZh: '水质值守', nameEn: 'Water watch', permissions: ['entities:read', 'entities:write:WaterQualityObserved', 'alarms:ack'] });
    expect(custom.statusCode).toBe(201);
  });

  it("does not let the system administrator take over another duty's account", async () => {
    const secadmin = (await call('admin', 'GET', '/api/v1/users?q=secadmin')).json().items[0];
    for (const verb of ['reset-password', 'disable', 'unlock']) {
      const r = await call('admin', 'POST', `/api/v1/users/${secadmin.id}/${verb}`);
      expect(r.statusCode, verb).toBe(403);
      expect(r.json().code).toBe('ERR_IDENTITY_SEPARATION_OF_DUTIES');
    }
  });

  it('resets a password to a one-time one that must be changed, and disabling ends sessions', async () => {
    const reset = await call('admin', 'POST', `/api/v1/users/${userId}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const otp = reset.json().oneTimePassword as string;
    const login = await t.platform().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'zhang.san', password: otp } });
    expect(login.json()).toMatchObject({ mustChangePassword: true });
    const token = login.json().token as string;
    const blocked = await t.platform().app.inject({ url: '/api/v1/departments', headers: bearer(token) });
    expect(blocked.json().code).toBe('ERR_AUTH_PASSWORD_CHANGE_REQUIRED');
    const changed = await t.platform().app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: bearer(token), payload: { currentPassword: otp, newPassword: 'Zhangsan#2026' } });
    expect(changed.statusCode).toBe(204);
    expect((await t.platform().app.inject({ url: '/api/v1/departments', headers: bearer(token) })).statusCode).toBe(200);
    expect((await call('admin', 'POST', `/api/v1/users/${userId}/disable`)).statusCode).toBe(200);
    expect((await t.platform().app.inject({ url: '/api/v1/auth/me', headers: bearer(token) })).statusCode).toBe(401);
    expect((await call('admin', 'POST', `/api/v1/users/${userId}/enable`)).json()).toMatchObject({ disabled: false });
  });

  it('lets the security administrator list and end sessions', async () => {
    const token = await tokenOf(t.platform(), 'operator', PASSWORDS.demo);
    const operatorId = (await t.platform().app.inject({ url: '/api/v1/auth/me', headers: bearer(token) })).json().id;
    const list = await call('secadmin', 'GET', `/api/v1/sessions?userId=${operatorId}`);
    expect(list.json().total).toBeGreaterThanOrEqual(1);
    for (const s of list.json().items) expect((await call('secadmin', 'DELETE', `/api/v1/sessions/${s.id}`)).statusCode).toBe(204);
    expect((await t.platform().app.inject({ url: '/api/v1/auth/me', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('serves the department tree and the permission catalogue', async () => {
    const tree = (await call('admin', 'GET', '/api/v1/departments/tree')).json().items;
    expect(tree).toHaveLength(1);
    expect(tree[0].name).toBe('凉山州人民政府');
    const counties = tree[0].children.filter((d: { kind: string }) => d.kind === 'government');
    expect(counties).toHaveLength(17);
    expect(counties.find((d: { divisionCode: string }) => d.divisionCode === '513401').children.map((d: { name: string }) => d.name)).toContain('西昌市城市管理局');
    expect(tree[0].children.map((d: { name: string }) => d.name)).toContain('凉山州生态环境局');
    const filtered = await call('admin', 'GET', '/api/v1/departments?division=513401&limit=5');
    expect(filtered.json().total).toBeGreaterThan(5);
    expect(filtered.json().items).toHaveLength(5);
    const catalogue = (await call('auditadmin', 'GET', '/api/v1/permissions')).json().items;
    expect(catalogue.find((p: { key: string }) => p.key === 'pii:read')).toMatchObject({ class: 'data', zh: expect.stringContaining('个人信息') });
  });

  it('lets the security administrator reset a lost second factor, except of another duty', async () => {
    const admin = (await call('secadmin', 'GET', '/api/v1/users?q=admin')).json().items.find((u: { username: string }) => u.username === 'admin');
    const foreign = await call('secadmin', 'POST', `/api/v1/users/${admin.id}/reset-second-factor`);
    expect(foreign.json().code).toBe('ERR_IDENTITY_SEPARATION_OF_DUTIES');
    expect((await call('secadmin', 'POST', `/api/v1/users/${userId}/reset-second-factor`)).statusCode).toBe(204);
    expect((await call('admin', 'POST', `/api/v1/users/${userId}/reset-second-factor`)).statusCode).toBe(403);
  });

  it("records refusals for the auditor, on any module's routes", async () => {
    // geo's routes were registered before identity's hook: refusals there are recorded too.
    const operator = await tokenOf(t.platform(), 'operator', PASSWORDS.demo);
    const geo = await t.platform().app.inject({ method: 'POST', url: '/api/v1/geo/boundaries/import', headers: bearer(operator), payload: { type: 'FeatureCollection' } });
    expect(geo.statusCode).toBe(403);
    const geoDenied = await call('auditadmin', 'GET', '/api/v1/audit?action=access.denied&actor=operator');
    expect(geoDenied.json().items[0].detail).toMatchObject({ route: 'POST /api/v1/geo/boundaries/import', code: 'ERR_FORBIDDEN' });
    const denied = await call('auditadmin', 'GET', '/api/v1/audit?action=access.denied&limit=100');
    expect(denied.json().total).toBeGreaterThan(5);
    expect(denied.json().items[0]).toMatchObject({ outcome: 'denied', sourceIp: '127.0.0.1' });
  });
});
