import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPgliteDb, runMigrations, type Db } from '@zhicheng/kernel';
import { describeWithDb } from '@zhicheng/kernel/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAuditModule, createAuditService } from '../src/index.js';

const CLI = fileURLToPath(new URL('../../../apps/cli/bin/zhicheng.mjs', import.meta.url));

function zhicheng(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `zhicheng audit verify` and `audit export` on each engine: the embedded database in a data folder, or the scratch PostgreSQL database. */
describeWithDb('zhicheng audit (command line)', [createAuditModule()], (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'zc-audit-cli-'));
  let env: Record<string, string> = {};
  // The embedded engine is one process's database: the test writes, closes, then runs the command.
  const withDb = async (fn: (db: Db) => Promise<void>) => {
    if (t.engine === 'postgres') return fn(t.db());
    const db = await openPgliteDb(join(dir, 'pgdata'));
    try {
      await fn(db);
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    env = t.engine === 'postgres' ? { DATABASE_URL: t.url()! } : { ZC_DATA_DIR: dir };
    await withDb(async (db) => {
      if (t.engine === 'pglite') await runMigrations(db, createAuditModule().migrations!);
      const audit = createAuditService(db, { retentionDays: 180 });
      for (let i = 0; i < 6; i++) await audit.record({ action: 'auth.login', outcome: i % 2 ? 'failure' : 'success', actor: { kind: 'user', id: `usr_${i}`, name: `user${i}`, departmentId: null }, detail: { i } });
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('verifies an intact log (exit 0)', async () => {
    const r = await zhicheng(['audit', 'verify'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/intact: 6 record\(s\) checked; head 6 [0-9a-f]{64}/);
  });

  it('exports CSV and JSON, and records the export', async () => {
    const out = join(dir, 'audit.csv');
    const csv = await zhicheng(['audit', 'export', '--format', 'csv', '--out', out, '--outcome', 'failure'], env);
    expect(csv.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('seq,at,actor_kind,actor_id,actor_name,department_id,source_ip,action,object_type,object_id,outcome,request_id,detail,hash');
    expect(lines.slice(1).map((l) => l.split(',')[4])).toEqual(['user1', 'user3', 'user5']);
    const json = await zhicheng(['audit', 'export', '--format', 'json', '--action', 'audit.'], env);
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as { action: string; actorName: string }[];
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.action === 'audit.exported' && r.actorName.startsWith('cli:'))).toBe(true);
  });

  it('fails with exit code 1 naming the first changed row', async () => {
    await withDb(async (db) => {
      await db.exec('alter table audit.records disable trigger user');
      await db.query("update audit.records set actor_name = 'nobody' where seq = 4");
      await db.exec('alter table audit.records enable trigger user');
    });
    const r = await zhicheng(['audit', 'verify'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('BROKEN at record 4');
  });
});
