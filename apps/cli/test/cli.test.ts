import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteDb, pgliteDir } from '@zhicheng/kernel';
import { openScratchDb, type ScratchDb } from '@zhicheng/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const township = (code: string, name: string) => ({
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { adcode: code, name }, geometry: { type: 'Polygon', coordinates: [[[102.2, 27.8], [102.3, 27.8], [102.3, 27.9], [102.2, 27.9], [102.2, 27.8]]] } }],
});

describe('zhicheng CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zc-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints every setting with `config`', async () => {
    const r = await runCli(['config'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^DATABASE_URL\s/m);
    expect(r.stdout).toMatch(/^MQTT_PORT\s+1883\s/m);
  });

  it('stops on a bad setting with one line naming it', async () => {
    const r = await runCli(['migrate'], { PORT: 'eighty', ZC_DATA_DIR: join(dir, 'bad') });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^zhicheng: Invalid setting PORT: /);
  });

  it('stops with one line when the MQTT port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, () => r()));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const r = await runCli(['start'], { PORT: '0', MQTT_PORT: String(port), ZC_DATA_DIR: join(dir, 'taken'), ZC_DEMO: 'off', ZC_ADMIN_PASSWORD: 'Adm1n#Zhicheng' });
      expect(r.code).toBe(1);
      const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('zhicheng:'));
      expect(lines).toEqual([expect.stringContaining(`MQTT port ${port} is already in use`)]);
    } finally {
      blocker.close();
    }
  });

  it('migrates, imports boundaries, backs up and restores the embedded database', async () => {
    const env = { ZC_DATA_DIR: join(dir, 'embedded'), ZC_DEMO: 'off', ZC_ADMIN_PASSWORD: 'Adm1n#Zhicheng' };
    const m1 = await runCli(['migrate'], env);
    expect(m1.code, m1.stderr).toBe(0);
    expect(m1.stdout).toMatch(/Applied \d+ migration/);
    expect((await runCli(['migrate'], env)).stdout).toContain('up to date');

    const file = join(dir, 'township.geojson');
    writeFileSync(file, JSON.stringify(township('513401001', '测试街道')));
    const imp = await runCli(['import-boundaries', file], env);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toContain('Imported boundaries');

    const archive = join(dir, 'backup.tar.gz');
    const b = await runCli(['backup', '--out', archive], env);
    expect(b.code, b.stderr).toBe(0);

    writeFileSync(file, JSON.stringify(township('513401001', '改过的名字')));
    expect((await runCli(['import-boundaries', file], env)).code).toBe(0);
    expect(await nameOf(pgliteDir({ ZC_DATA_DIR: env.ZC_DATA_DIR }), '513401001')).toBe('改过的名字');

    const r = await runCli(['restore', archive], env);
    expect(r.code, r.stderr).toBe(0);
    expect(await nameOf(pgliteDir({ ZC_DATA_DIR: env.ZC_DATA_DIR }), '513401001')).toBe('测试街道');
  });

  it('refuses an invalid boundary file and imports nothing', async () => {
    const env = { ZC_DATA_DIR: join(dir, 'embedded'), ZC_DEMO: 'off' };
    const file = join(dir, 'bad.geojson');
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { adcode: '513401002' }, geometry: { type: 'Point', coordinates: [1, 2] } }] }));
    const r = await runCli(['import-boundaries', file], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('feature #0 (513401002): geometry must be a Polygon or MultiPolygon');
    const notJson = join(dir, 'x.geojson');
    writeFileSync(notJson, '{oops');
    const j = await runCli(['import-boundaries', notJson], env);
    expect(j.code).toBe(1);
    expect(j.stderr).toMatch(/^zhicheng: Cannot read .* as JSON/);
  });

  describe.skipIf(!process.env.DATABASE_URL)('on PostgreSQL (DATABASE_URL)', () => {
    let scratch: ScratchDb;
    beforeAll(async () => {
      scratch = await openScratchDb('postgres');
    });
    afterAll(async () => scratch?.dispose());

    it('backs up with pg_dump and restores with pg_restore', async () => {
      const env = { DATABASE_URL: scratch.url!, ZC_DEMO: 'off', ZC_ADMIN_PASSWORD: 'Adm1n#Zhicheng', ZC_DATA_DIR: join(dir, 'pg') };
      expect((await runCli(['migrate'], env)).code).toBe(0);
      const seeded = await runCli(['seed-demo'], env);
      expect(seeded.code, seeded.stderr).toBe(0);
      const archive = join(dir, 'backup.pgdump');
      const b = await runCli(['backup', '--out', archive], env);
      expect(b.code, b.stderr).toBe(0);
      await scratch.db.query('delete from geo.divisions where level = $1', ['township']);
      const r = await runCli(['restore', archive], env);
      expect(r.code, r.stderr).toBe(0);
      const [row] = await scratch.db.query<{ n: number }>("select count(*)::int as n from geo.divisions where level = 'township'");
      expect(row!.n).toBe(304);
      const gzip = join(dir, 'not-a-pgdump.tar.gz');
      writeFileSync(gzip, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]));
      const wrong = await runCli(['restore', gzip], env);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('not a pg_dump archive');
    });
  });
});

async function nameOf(dataDir: string, code: string): Promise<string | undefined> {
  const db = await openPgliteDb(dataDir);
  try {
    return (await db.query<{ name: string }>('select name from geo.divisions where code = $1', [code]))[0]?.name;
  } finally {
    await db.close();
  }
}
