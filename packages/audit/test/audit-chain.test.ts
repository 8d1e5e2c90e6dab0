import { randomBytes } from 'node:crypto';
import { openPostgresDb } from '@zhicheng/kernel';
import { describeWithDb } from '@zhicheng/kernel/testing';
import { expect, it } from 'vitest';
import { auditAppRoleGrants, createAuditModule } from '../src/index.js';
import { createAuditService } from '../src/audit-service.js';

const DAY = 86_400_000;
const clock = { t: Date.now() };
const now = () => new Date(clock.t);

describeWithDb('audit hash chain', [createAuditModule()], (t) => {
  const audit = () => createAuditService(t.db(), { retentionDays: 180, now });
  const record = (i: number, extra: Record<string, unknown> = {}) =>
    audit().record({ action: 'test.event', outcome: 'success', objectType: 'thing', objectId: `t${i}`, detail: { i, ...extra }, actor: { kind: 'user', id: 'usr_1', name: 'tester', departmentId: 'dept_x' } });

  it('chains records and verifies an intact log', async () => {
    for (let i = 0; i < 5; i++) await record(i);
    const v = await audit().verify();
    expect(v).toMatchObject({ ok: true, checked: 5, headSeq: 5, firstBad: null });
    expect(v.headHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serialises concurrent appends into one chain without forks', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => record(100 + i)));
    const rows = await t.db().query<{ seq: number }>('select seq from audit.records order by seq');
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect((await audit().verify()).ok).toBe(true);
  });

  it('refuses UPDATE, DELETE and TRUNCATE through the trigger', async () => {
    await expect(t.db().query("update audit.records set outcome = 'failure' where seq = 2")).rejects.toThrow(/append-only/);
    await expect(t.db().query('delete from audit.records where seq = 2')).rejects.toThrow(/append-only/);
    await expect(t.db().exec('truncate audit.records')).rejects.toThrow(/append-only/);
  });

  // The owner can switch the trigger off: the chain must still show what was done.
  const asOwner = async (sql: string, params: unknown[] = []) => {
    await t.db().exec('alter table audit.records disable trigger user');
    try {
      await t.db().query(sql, params);
    } finally {
      await t.db().exec('alter table audit.records enable trigger user');
    }
  };

  it('names a changed row', async () => {
    const [before] = await t.db().query<{ detail: string }>('select detail from audit.records where seq = 7');
    await asOwner("update audit.records set detail = '{\"i\":999}' where seq = 7");
    expect((await audit().verify()).firstBad).toEqual({ seq: 7, reason: expect.stringContaining('changed') });
    await asOwner('update audit.records set detail = $1 where seq = 7', [before!.detail]);
    expect((await audit().verify()).ok).toBe(true);
    await asOwner("update audit.records set actor_name = 'someone-else' where seq = 3");
    expect((await audit().verify()).firstBad?.seq).toBe(3);
    await asOwner("update audit.records set actor_name = 'tester' where seq = 3");
  });

  it('names the row after a deleted one', async () => {
    const [row] = await t.db().query<Record<string, unknown>>('select * from audit.records where seq = 10');
    await asOwner('delete from audit.records where seq = 10');
    const v = await audit().verify();
    expect(v.ok).toBe(false);
    expect(v.firstBad).toEqual({ seq: 11, reason: expect.stringContaining('missing') });
    const cols = Object.keys(row!);
    await asOwner(`insert into audit.records (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, cols.map((c) => row![c]));
    expect((await audit().verify()).ok).toBe(true);
  });

  it('names an inserted row', async () => {
    const [head] = await t.db().query<{ seq: number; hash: string }>('select seq, hash from audit.records order by seq desc limit 1');
    const seq = Number(head!.seq) + 1;
    await t.db().query(
      `insert into audit.records (seq, at, actor_kind, actor_id, actor_name, department_id, source_ip, action, object_type, object_id, outcome, request_id, detail, prev_hash, hash)
       values ($1, now(), 'user', 'usr_x', 'intruder', null, null, 'test.forged', null, null, 'success', null, '{}', $2, $3)`,
      [seq, head!.hash, 'f'.repeat(64)],
    );
    expect((await audit().verify()).firstBad).toEqual({ seq, reason: expect.stringContaining('changed') });
    await asOwner('delete from audit.records where seq = $1', [seq]);
    // a row slipped in with a link to a row further back breaks the link check
    const [prev] = await t.db().query<{ hash: string }>('select hash from audit.records where seq = $1', [seq - 3]);
    await t.db().query(
      `insert into audit.records (seq, at, actor_kind, actor_id, actor_name, department_id, source_ip, action, object_type, object_id, outcome, request_id, detail, prev_hash, hash)
       values ($1, now(), 'user', 'usr_x', 'intruder', null, null, 'test.forged', null, null, 'success', null, '{}', $2, $3)`,
      [seq, prev!.hash, 'e'.repeat(64)],
    );
    expect((await audit().verify()).firstBad).toEqual({ seq, reason: expect.stringContaining('does not link') });
    await asOwner('delete from audit.records where seq = $1', [seq]);
    expect((await audit().verify()).ok).toBe(true);
  });

  it('prunes nothing younger than 180 days, and only a prefix of the chain', async () => {
    await expect(t.db().query("select audit.prune(now() - interval '10 days')")).rejects.toThrow(/180 days/);
    // A backdated time is a change like any other.
    await asOwner("update audit.records set at = at - interval '400 days' where seq = 1");
    expect((await audit().verify()).firstBad?.seq).toBe(1);
    await asOwner("update audit.records set at = at + interval '400 days' where seq = 1");
    expect((await audit().verify()).ok).toBe(true);
    // A record with an old time at the head (a skewed clock) is not a prefix: nothing goes.
    await createAuditService(t.db(), { retentionDays: 180, now: () => new Date(Date.now() - 400 * DAY) }).record({ action: 'test.old', outcome: 'success', detail: {} });
    expect(await audit().prune()).toBe(0);
    expect((await audit().verify()).ok).toBe(true);
  });
});

describeWithDb('audit pruning', [createAuditModule()], (t) => {
  it('removes a prefix of old records, anchors the chain and records the pruning', async () => {
    const old = createAuditService(t.db(), { retentionDays: 180, now: () => new Date(Date.now() - 400 * DAY) });
    const current = createAuditService(t.db(), { retentionDays: 365, now: () => new Date() });
    for (let i = 0; i < 3; i++) await old.record({ action: 'test.old', outcome: 'success', detail: { i } });
    for (let i = 0; i < 2; i++) await current.record({ action: 'test.new', outcome: 'success', detail: { i } });
    expect(await current.prune()).toBe(3);
    const rows = await t.db().query<{ seq: number; action: string }>('select seq, action from audit.records order by seq');
    expect(rows.map((r) => [Number(r.seq), r.action])).toEqual([[4, 'test.new'], [5, 'test.new'], [6, 'audit.pruned']]);
    const anchors = await t.db().query<{ through_seq: number }>('select through_seq from audit.anchors');
    expect(anchors.map((a) => Number(a.through_seq))).toEqual([3]);
    expect(await current.verify()).toMatchObject({ ok: true, checked: 3, headSeq: 6 });
    expect(await current.prune()).toBe(0);
    await expect(t.db().query('delete from audit.anchors')).rejects.toThrow(/append-only/);
    // deleting the first kept row is still caught
    await t.db().exec('alter table audit.records disable trigger user');
    await t.db().query('delete from audit.records where seq = 4');
    await t.db().exec('alter table audit.records enable trigger user');
    expect((await current.verify()).firstBad?.seq).toBe(5);
  });
});

describeWithDb('audit on PostgreSQL with an application role', [createAuditModule()], (t) => {
  it('lets the application role append and read, never change or delete', async (ctx) => {
    if (t.engine !== 'postgres') return ctx.skip();
    const role = `zc_app_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    await t.db().exec(`create role ${role} login password '${password}'`);
    try {
      await t.db().exec(auditAppRoleGrants(role));
      const u = new URL(t.url()!);
      u.username = role;
      u.password = password;
      const app = openPostgresDb(u.toString(), { max: 2 });
      try {
        const audit = createAuditService(app, { retentionDays: 180 });
        await audit.record({ action: 'test.as-app', outcome: 'success', detail: {} });
        await audit.record({ action: 'test.as-app', outcome: 'success', detail: { n: 2 } });
        expect((await audit.list({}, { limit: 10, offset: 0 })).total).toBe(2);
        expect((await audit.verify()).ok).toBe(true);
        await expect(app.query("update audit.records set outcome = 'failure'")).rejects.toThrow(/permission denied/);
        await expect(app.query('delete from audit.records')).rejects.toThrow(/permission denied/);
        await expect(app.exec('truncate audit.records')).rejects.toThrow(/permission denied/);
        await expect(app.exec('alter table audit.records disable trigger user')).rejects.toThrow(/must be owner/);
        await expect(app.query('delete from audit.anchors')).rejects.toThrow(/permission denied/);
        // pruning goes through the owner's function and keeps 180 days
        expect(await audit.prune()).toBe(0);
        await expect(app.query("select audit.prune(now() - interval '1 day')")).rejects.toThrow(/180 days/);
      } finally {
        await app.close();
      }
    } finally {
      await t.db().exec(`drop owned by ${role}; drop role ${role}`);
    }
  });
});
