import { randomUUID } from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
import type { Db, Logger, Principal } from '@zhicheng/kernel';
import { DeviceInput } from '../schemas.js';
import type { DeviceService } from '../registry/device-service.js';
import { ColumnError, rowErrorOf, type ImportRowError } from './row-error.js';
import { isXlsx, parseCsv, parseXlsx, type Table } from './table-reader.js';

export const IMPORT_COLUMNS = ['id', 'name', 'profileId', 'departmentId', 'divisionCode', 'lon', 'lat', 'entityId', 'vendor', 'model', 'firmware', 'tags', 'token'] as const;
const MAX_ERRORS = 1000;

export interface ImportJob {
  id: string; fileName: string; status: 'running' | 'done' | 'failed'; total: number; processed: number; created: number; updated: number; failed: number;
  errors: ImportRowError[]; createdAt: string; finishedAt: string | null;
}

type JobRow = { id: string; file_name: string; status: ImportJob['status']; total: number; processed: number; created: number; updated: number; failed: number; errors: ImportJob['errors']; created_at: Date; finished_at: Date | null };

const toApi = (r: JobRow): ImportJob => ({
  id: r.id, fileName: r.file_name, status: r.status, total: r.total, processed: r.processed, created: r.created, updated: r.updated, failed: r.failed,
  errors: r.errors, createdAt: r.created_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null,
});

/** A table row as a device: empty cells are absent; tags are `;`-separated; lon/lat are numbers. */
export function rowToInput(header: string[], cells: string[]): { input: Record<string, unknown>; token: string | null } {
  const rec: Record<string, unknown> = {};
  let token: string | null = null;
  header.forEach((h, i) => {
    const v = (cells[i] ?? '').trim();
    if (!v) return;
    if (h === 'token') token = v;
    else if (h === 'tags') rec.tags = v.split(';').map((t) => t.trim()).filter(Boolean);
    else if (h === 'lon' || h === 'lat') rec[h] = Number(v);
    else rec[h] = v;
  });
  if (rec.lon !== undefined || rec.lat !== undefined) rec.location = { lon: rec.lon, lat: rec.lat };
  delete rec.lon;
  delete rec.lat;
  return { input: rec, token };
}

/**
 * Bulk provisioning: a CSV or XLSX file becomes a job that creates or updates one device per
 * row (idempotent: a re-import updates the devices it created and keeps their tokens), with
 * progress and per-row errors in `devices.import_jobs`. Generated tokens are held in memory
 * and handed out once (`takeCredentials`); a `token` column sets vendor-provisioned tokens.
 */
export function createImportJobs(db: Db, devices: DeviceService, log: Logger) {
  const secrets = new Map<string, { id: string; token: string }[]>();

  async function run(jobId: string, table: Table, principal: Principal) {
    const errors: ImportJob['errors'] = [];
    let created = 0;
    let updated = 0;
    let processed = 0;
    const fresh: { id: string; token: string }[] = [];
    const save = (status: ImportJob['status']) => db.query(
      `update devices.import_jobs set processed = $2, created = $3, updated = $4, failed = $5, errors = $6::jsonb, status = $7,
         finished_at = case when $7 = 'running' then null else now() end where id = $1`,
      [jobId, processed, created, updated, errors.length, JSON.stringify(errors.slice(0, MAX_ERRORS)), status],
    );
    for (const [i, cells] of table.rows.entries()) {
      const rowNo = i + 2; // the header is row 1
      const { input, token } = rowToInput(table.header, cells);
      try {
        if (!Value.Check(DeviceInput, input)) {
          const e = [...Value.Errors(DeviceInput, input)][0];
          // `/location/lat` is the lat column: the deepest segment that names a column.
          const column = (e?.path.split('/').filter(Boolean) ?? []).reverse().find((seg) => (IMPORT_COLUMNS as readonly string[]).includes(seg)) ?? null;
          throw new ColumnError('ERR_DEVICES_IMPORT_FIELD_INVALID', column, `${e?.path || '(row)'}: ${e?.message ?? 'invalid'}`);
        }
        if (token !== null && (token.length < 20 || token.length > 200)) throw new ColumnError('ERR_DEVICES_IMPORT_TOKEN_LENGTH', 'token', 'token: 20 to 200 characters');
        const r = await devices.upsertForImport(input as DeviceInput, token, principal);
        if (r.created) {
          created++;
          if (r.token && !token) fresh.push({ id: r.id, token: r.token });
        } else updated++;
      } catch (err) {
        errors.push(rowErrorOf(rowNo, typeof input.id === 'string' ? input.id : null, err));
      }
      processed++;
      if (processed % 200 === 0) await save('running');
    }
    secrets.set(jobId, fresh);
    await save('done');
  }

  return {
    async start(fileName: string, data: Buffer, principal: Principal): Promise<ImportJob> {
      const table = isXlsx(data) ? await parseXlsx(data) : parseCsv(data.toString('utf8'));
      const unknown = table.header.filter((h) => !(IMPORT_COLUMNS as readonly string[]).includes(h));
      if (!table.header.includes('id') || !table.header.includes('name') || !table.header.includes('profileId')) {
        throw new Error(`the first row must name the columns; id, name and profileId are required (known: ${IMPORT_COLUMNS.join(', ')})`);
      }
      if (unknown.length) throw new Error(`unknown columns: ${unknown.join(', ')} (known: ${IMPORT_COLUMNS.join(', ')})`);
      const id = `imp_${randomUUID()}`;
      const [row] = await db.query<JobRow>(
        `insert into devices.import_jobs (id, file_name, total, created_by) values ($1, $2, $3, $4) returning *`,
        [id, fileName, table.rows.length, principal.name],
      );
      void run(id, table, principal).catch(async (err: Error) => {
        log.error({ err, jobId: id }, 'device import failed');
        await db.query(`update devices.import_jobs set status = 'failed', finished_at = now() where id = $1`, [id]).catch(() => {});
      });
      return toApi(row!);
    },
    async get(id: string): Promise<ImportJob | null> {
      const [r] = await db.query<JobRow>('select * from devices.import_jobs where id = $1', [id]);
      return r ? toApi(r) : null;
    },
    /** The generated tokens of a finished job, once; null when already taken (or the process restarted). */
    takeCredentials(id: string): { id: string; token: string }[] | null {
      const s = secrets.get(id);
      if (!s) return null;
      secrets.delete(id);
      return s;
    },
  };
}

export type ImportJobs = ReturnType<typeof createImportJobs>;
