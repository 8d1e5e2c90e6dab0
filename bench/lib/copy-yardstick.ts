import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { rawPostgres } from '@zhicheng/kernel';

const line = (i: number) => `${i}\t${i % 1000}\t${i * 0.5}\t2026-05-01 00:00:00+00\n`;

/**
 * The yardstick every storage benchmark reports beside its own figure: this machine's raw
 * COPY rate into a narrow temporary table, one connection, measured in the same run.
 */
export async function copyYardstick(url: string, rows: number): Promise<number> {
  const sql = rawPostgres(url, 1);
  try {
    await sql`create temporary table bench_copy (a bigint, b int, c double precision, d timestamptz)`;
    const t0 = performance.now();
    const stream = await sql`copy bench_copy from stdin`.writable();
    let chunk = '';
    for (let i = 0; i < rows; i++) {
      chunk += line(i);
      if (chunk.length > 1 << 16) {
        if (!stream.write(chunk)) await new Promise((r) => stream.once('drain', r));
        chunk = '';
      }
    }
    await new Promise<void>((resolve, reject) => stream.end(chunk, () => resolve()).on('error', reject));
    return Math.round(rows / ((performance.now() - t0) / 1000));
  } finally {
    await sql.end();
  }
}

/** The same for the embedded mode: COPY of the same rows into a PGlite database on disk under `dir`. */
export async function pgliteCopyYardstick(dir: string, rows: number): Promise<number> {
  const pg = new PGlite(join(dir, 'copy-yardstick'));
  try {
    await pg.exec('create table bench_copy (a bigint, b int, c double precision, d timestamptz)');
    const parts: string[] = [];
    let chunk = '';
    for (let i = 0; i < rows; i++) {
      chunk += line(i);
      if (chunk.length > 1 << 16) {
        parts.push(chunk);
        chunk = '';
      }
    }
    parts.push(chunk);
    const t0 = performance.now();
    await pg.query(`copy bench_copy from '/dev/blob'`, [], { blob: new Blob(parts) });
    return Math.round(rows / ((performance.now() - t0) / 1000));
  } finally {
    await pg.close();
  }
}
