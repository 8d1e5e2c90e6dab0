import fc from 'fast-check';
import { defineModule, type ModuleManifest } from '@zhicheng/kernel';
import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { authorizationServiceKey, IdentityPrincipal } from '../src/index.js';
import { BOOTSTRAP_KEY, bearer, ENV, identityModules, PASSWORDS, testClock, tokenOf } from './helpers.js';

/** Restricted objects of several departments and divisions, served through the authorisation service as any module would. */
const OBJECTS = [
  { id: 'o-eeb', department_id: 'dept_513400_eeb', division_code: '513400' },
  { id: 'o-ioc', department_id: 'dept_513400_ioc', division_code: '513400' },
  { id: 'o-xc-urban', department_id: 'dept_513401_urban', division_code: '513401' },
  { id: 'o-xc-police', department_id: 'dept_513401_police', division_code: '513401' },
  { id: 'o-xc-town', department_id: 'dept_513401_gov', division_code: '513401001' },
  { id: 'o-hl-gov', department_id: 'dept_513402_gov', division_code: '513402' },
  { id: 'o-ml-agri', department_id: 'dept_513422_agri', division_code: '513422' },
];
const PERSON = { name: '阿牛木呷', phone: '13812345678', id_number: '513401199003151234', address: '四川省凉山彝族自治州西昌市长安街道航天大道一段8号' };
const PII_FIELDS = { name: 'name', phone: 'phone', id_number: 'residentId', address: 'address' } as const;

const objectsModule: ModuleManifest = defineModule({
  name: 'authz_test',
  migrations: [{
    module: 'authz_test', version: 1, name: 'objects',
    sql: `create schema authz_test;
      create table authz_test.objects (id text primary key, department_id text, division_code text, name text, phone text, id_number text, address text);`,
  }],
  routes(app, ctx) {
    const authz = ctx.services.get(authorizationServiceKey);
    type Row = { id: string; department_id: string | null; division_code: string | null; name: string; phone: string; id_number: string; address: string };
    const show = (req: Parameters<typeof authz.principalOf>[0], r: Row) =>
      authz.maskRecord(req.principal, r, { fields: PII_FIELDS, objectType: 'test-object', objectId: r.id, place: { departmentId: r.department_id, divisionCode: r.division_code }, req });
    app.get('/api/v1/test-objects', { config: { permission: 'entities:read' } }, async (req) => {
      const f = await authz.sqlFilter(req.principal, 'entities:read', { departmentColumn: 'o.department_id', divisionColumn: 'o.division_code', firstParam: 1 });
      const rows = await ctx.db.query<Row>(`select * from authz_test.objects o where ${f.sql} order by id`, f.params);
      return Promise.all(rows.map((r) => show(req, r)));
    });
    app.get<{ Params: { id: string } }>('/api/v1/test-objects/:id', { config: { permission: 'entities:read' } }, async (req) => {
      const [r] = await ctx.db.query<Row>('select * from authz_test.objects where id = $1', [req.params.id]);
      await authz.assertAccess(req.principal, 'entities:read', { departmentId: r?.department_id, divisionCode: r?.division_code }, 'ERR_TEST_NOT_FOUND', `Object ${req.params.id}`);
      return show(req, r!);
    });
  },
  async seed(ctx) {
    for (const o of OBJECTS) {
      await ctx.db.query('insert into authz_test.objects values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing', [o.id, o.department_id, o.division_code, PERSON.name, PERSON.phone, PERSON.id_number, PERSON.address]);
    }
  },
});

const ALL = OBJECTS.map((o) => o.id).sort();
/** Who sees what: roles × departments × objects. */
const MATRIX: { who: string; sees: string[] | 'forbidden' }[] = [
  { who: 'operator', sees: ALL },
  { who: 'dispatcher', sees: ALL },
  { who: 'env-officer', sees: ['o-eeb'] },
  { who: 'xichang-officer', sees: ['o-xc-police', 'o-xc-town', 'o-xc-urban'] },
  { who: 'auditor', sees: 'forbidden' },
  { who: 'bootstrap-key', sees: ALL },
];

const clock = testClock();

describeWithPlatform('authorisation: function, object and field level', { modules: identityModules(clock, [objectsModule]), env: ENV }, (t) => {
  const headers: Record<string, Record<string, string>> = {};
  beforeAll(async () => {
    for (const m of MATRIX) headers[m.who] = m.who === 'bootstrap-key' ? { 'x-api-key': BOOTSTRAP_KEY } : bearer(await tokenOf(t.platform(), m.who, PASSWORDS.demo));
  });

  describe.each(MATRIX)('$who', ({ who, sees }) => {
    it('lists only objects in scope, filtered in SQL', async () => {
      const r = await t.platform().app.inject({ url: '/api/v1/test-objects', headers: headers[who] });
      if (sees === 'forbidden') {
        expect(r.statusCode).toBe(403);
        return;
      }
      expect(r.statusCode).toBe(200);
      expect(r.json().map((o: { id: string }) => o.id).sort()).toEqual(sees);
    });

    it.each(OBJECTS.map((o) => o.id))('reads %s only if in scope, otherwise 404 (not 403)', async (id) => {
      const r = await t.platform().app.inject({ url: `/api/v1/test-objects/${id}`, headers: headers[who] });
      if (sees === 'forbidden') expect(r.statusCode).toBe(403);
      else expect(r.statusCode).toBe(sees.includes(id) ? 200 : 404);
      if (r.statusCode === 404) expect(r.json().code).toBe('ERR_TEST_NOT_FOUND');
    });
  });

  it('answers an unknown id exactly like a forbidden one', async () => {
    const a = await t.platform().app.inject({ url: '/api/v1/test-objects/o-hl-gov', headers: headers['env-officer'] });
    const b = await t.platform().app.inject({ url: '/api/v1/test-objects/no-such-thing', headers: headers['env-officer'] });
    expect([a.statusCode, a.json().code, a.json().detail.replace('o-hl-gov', 'X')]).toEqual([b.statusCode, b.json().code, b.json().detail.replace('no-such-thing', 'X')]);
  });

  it('masks personal fields without pii:read, shows them in scope with it, and audits each full view', async () => {
    const masked = (await t.platform().app.inject({ url: '/api/v1/test-objects/o-xc-urban', headers: headers['xichang-officer'] })).json();
    expect(masked).toMatchObject({ name: '阿**呷', phone: '138****5678', id_number: '513401********1234', address: '四川省凉山彝族自治州西昌市****' });
    // give xichang-officer personal-data access in 西昌市 only
    const db = t.platform().ctx.db;
    const [u] = await db.query<{ id: string }>("select id from identity.users where username = 'xichang-officer'");
    await db.query("insert into identity.role_assignments (id, user_id, role_id, division_scope_code, created_by) values ('asg_test_pii', $1, 'pii-viewer', '513401', 'test')", [u!.id]);
    const full = (await t.platform().app.inject({ url: '/api/v1/test-objects/o-xc-urban', headers: headers['xichang-officer'] })).json();
    expect(full).toMatchObject(PERSON);
    const views = await db.query<{ actor_name: string; object_id: string; detail: string }>("select actor_name, object_id, detail from audit.records where action = 'pii.viewed'");
    expect(views).toEqual([{ actor_name: 'xichang-officer', object_id: 'o-xc-urban', detail: '{"fields":["address","id_number","name","phone"]}' }]);
    // operator sees everything but holds no pii:read: always masked
    const list = (await t.platform().app.inject({ url: '/api/v1/test-objects', headers: headers.operator })).json();
    for (const o of list) expect(o.id_number).toBe('513401********1234');
  });

  it('never shows birth-date digits or more than the allowed characters through maskRecord (property)', async () => {
    const authz = t.platform().ctx.services.get(authorizationServiceKey);
    const viewer = new IdentityPrincipal('user', 'usr_prop', 'prop', 'dept_513400_ioc', [{ permission: 'entities:read', departmentScope: null, divisionScope: null }]);
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
    const birth = fc.date({ min: new Date('1930-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));
    const residentId = fc.tuple(digits(6), birth, digits(3), fc.constantFrom(...'0123456789X')).map(([a, b, s, c]) => `${a}${b}${s}${c}`);
    const hanzi = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c));
    const name = fc.array(hanzi, { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
    const phone = fc.tuple(fc.constantFrom('13', '15', '18', '19'), digits(9)).map(([a, b]) => `${a}${b}`);
    await fc.assert(fc.asyncProperty(residentId, name, phone, async (id, nm, ph) => {
      const out = await authz.maskRecord(viewer, { id: 'x', id_number: id, name: nm, phone: ph }, { fields: { id_number: 'residentId', name: 'name', phone: 'phone' }, objectType: 't', objectId: 'x', place: { departmentId: 'dept_513400_ioc', divisionCode: '513400' } });
      expect(out.id_number).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
      expect(out.id_number).not.toContain(id.slice(6, 14));
      const shownName = Array.from(out.name).filter((ch) => ch !== '*');
      expect(shownName.length).toBeLessThanOrEqual(Math.min(2, Array.from(nm).length - 1));
      expect(Array.from(out.name)).toHaveLength(Array.from(nm).length);
      expect(out.phone.replace(/\*/g, '')).toHaveLength(7);
      expect(out.phone.slice(3, 7)).toBe('****');
    }), { numRuns: 200 });
  });

  it("never lets a user read another department's restricted rows, whatever the departments (property)", async () => {
    const db = t.platform().ctx.db;
    const authz = t.platform().ctx.services.get(authorizationServiceKey);
    const departments = await db.query<{ id: string; path: string[]; division_code: string }>('select id, path, division_code from identity.departments');
    // a spread of rows over random departments
    for (let i = 0; i < 60; i++) {
      const d = departments[(i * 37) % departments.length]!;
      await db.query('insert into authz_test.objects (id, department_id, division_code) values ($1, $2, $3) on conflict do nothing', [`p-${i}`, d.id, d.division_code]);
    }
    const rows = await db.query<{ id: string; department_id: string; division_code: string }>('select id, department_id, division_code from authz_test.objects');
    const byId = new Map(departments.map((d) => [d.id, d]));
    await fc.assert(fc.asyncProperty(fc.constantFrom(...departments), async (home) => {
      const user = new IdentityPrincipal('user', 'usr_rand', 'rand', home.id, [{ permission: 'entities:read', departmentScope: home.id, divisionScope: null }]);
      const f = await authz.sqlFilter(user, 'entities:read', { departmentColumn: 'department_id', divisionColumn: 'division_code' });
      const seen = new Set((await db.query<{ id: string }>(`select id from authz_test.objects where ${f.sql}`, f.params)).map((r) => r.id));
      for (const r of rows) {
        const inSubtree = byId.get(r.department_id)?.path.includes(home.id) ?? false;
        expect(seen.has(r.id), `${home.id} ↔ ${r.id}`).toBe(inSubtree);
        expect(await authz.canAccess(user, 'entities:read', { departmentId: r.department_id, divisionCode: r.division_code })).toBe(inSubtree);
      }
    }), { numRuns: 40 });
  });
});
