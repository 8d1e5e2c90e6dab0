import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { beforeAll, expect, it } from 'vitest';
import { userDirectoryServiceKey } from '../src/index.js';
import { bearer, ENV, identityModules, login, PASSWORDS, testClock } from './helpers.js';

const clock = testClock();

describeWithPlatform('user directory for pickers', { modules: identityModules(clock), env: ENV }, (t) => {
  const headers: Record<string, Record<string, string>> = {};
  beforeAll(async () => {
    for (const who of ['operator', 'xichang-officer']) headers[who] = bearer((await login(t.platform(), who, PASSWORDS.demo)).body.token);
  });

  it('lists active colleagues in scope with names and departments only', async () => {
    const r = await t.platform().app.inject({ url: '/api/v1/users/directory?limit=200', headers: headers.operator });
    expect(r.statusCode).toBe(200);
    const body = r.json() as { items: Record<string, unknown>[]; total: number };
    expect(body.total).toBeGreaterThan(3);
    for (const item of body.items) expect(Object.keys(item).sort()).toEqual(['departmentId', 'departmentName', 'displayName', 'divisionCode', 'id']);
    // The operator may not read accounts, but may find colleagues to assign work to.
    expect((await t.platform().app.inject({ url: '/api/v1/users', headers: headers.operator })).statusCode).toBe(403);
  });

  it("keeps a county officer to their county's colleagues, and finds names by ids and text", async () => {
    const county = (await t.platform().app.inject({ url: '/api/v1/users/directory?limit=200', headers: headers['xichang-officer'] })).json() as { items: { id: string; divisionCode: string | null }[] };
    expect(county.items.length).toBeGreaterThan(0);
    for (const item of county.items) expect(item.divisionCode ?? '').toMatch(/^513401/);
    const all = (await t.platform().app.inject({ url: '/api/v1/users/directory?limit=200', headers: headers.operator })).json() as { items: { id: string; displayName: string }[] };
    const [a, b] = all.items;
    const byIds = (await t.platform().app.inject({ url: `/api/v1/users/directory?ids=${a!.id},${b!.id}`, headers: headers.operator })).json() as { items: { id: string }[] };
    expect(byIds.items.map((i) => i.id).sort()).toEqual([a!.id, b!.id].sort());
    const byText = (await t.platform().app.inject({ url: `/api/v1/users/directory?q=${encodeURIComponent(a!.displayName)}`, headers: headers.operator })).json() as { items: { id: string }[] };
    expect(byText.items.map((i) => i.id)).toContain(a!.id);
    expect((await t.platform().app.inject({ url: '/api/v1/users/directory?ids=bad%20id', headers: headers.operator })).statusCode).toBe(400);
  });

  it('answers who an id names for other modules: active accounts only', async () => {
    const directory = t.platform().ctx.services.get(userDirectoryServiceKey);
    const [u] = await t.platform().ctx.db.query<{ id: string }>("select id from identity.users where username = 'operator'");
    expect(await directory.activeUser(u!.id)).toMatchObject({ id: u!.id });
    await t.platform().ctx.db.query('update identity.users set disabled = true where id = $1', [u!.id]);
    expect(await directory.activeUser(u!.id)).toBeNull();
    await t.platform().ctx.db.query('update identity.users set disabled = false where id = $1', [u!.id]);
    expect(await directory.activeUser('usr_nobody')).toBeNull();
  });
});
