import type { Db, Queryable } from '@zhicheng/kernel';
import type { Device, DeviceInput, DevicePatch, ListDevicesQuery } from '../schemas.js';

export interface DeviceRow {
  id: string; name: string; profile_id: string; department_id: string | null; division_code: string | null;
  lon: number | null; lat: number | null; entity_id: string; entity_type: string; token_hash: string;
  vendor: string | null; model: string | null; firmware: string | null; tags: string[];
  status: 'never' | 'online' | 'offline'; status_reason: string | null; last_seen_at: Date | null; created_at: Date; updated_at: Date;
  provisioning_key_id: string | null;
}

export const deviceToApi = (r: DeviceRow): Device => ({
  id: r.id, name: r.name, profileId: r.profile_id, departmentId: r.department_id, divisionCode: r.division_code,
  location: r.lon === null || r.lat === null ? null : { lon: r.lon, lat: r.lat }, entityId: r.entity_id, entityType: r.entity_type,
  vendor: r.vendor, model: r.model, firmware: r.firmware, tags: r.tags, status: r.status, statusReason: r.status_reason,
  lastSeenAt: r.last_seen_at?.toISOString() ?? null, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  provisioningKeyId: r.provisioning_key_id ?? null,
});

export interface NewDevice extends DeviceInput {
  entityId: string;
  entityType: string;
  tokenHash: string;
}

const COLS = 'id, name, profile_id, department_id, division_code, lon, lat, entity_id, entity_type, token_hash, vendor, model, firmware, tags';

/** The registry fields of a device as stored: what a batch compares and writes. */
export type DeviceFields = Pick<DeviceRow, 'id' | 'name' | 'profile_id' | 'department_id' | 'division_code' | 'lon' | 'lat' | 'entity_id' | 'entity_type' | 'vendor' | 'model' | 'firmware' | 'tags'>;
export const DEVICE_FIELDS = ['name', 'profile_id', 'department_id', 'division_code', 'lon', 'lat', 'entity_id', 'entity_type', 'vendor', 'model', 'firmware', 'tags'] as const;

// Many rows travel as one jsonb parameter: unnest cannot carry tags (text[] per row, of any length).
const RECORDSET = `jsonb_to_recordset($1::jsonb) as x(id text, name text, profile_id text, department_id text, division_code text, lon float8, lat float8,
  entity_id text, entity_type text, token_hash text, vendor text, model text, firmware text, tags text[])`;

export function createDevicesRepository(db: Db) {
  return {
    async get(id: string): Promise<DeviceRow | null> {
      const [r] = await db.query<DeviceRow>('select * from devices.devices where id = $1', [id]);
      return r ?? null;
    },
    async byTokenHash(hash: string): Promise<DeviceRow | null> {
      const [r] = await db.query<DeviceRow>('select * from devices.devices where token_hash = $1', [hash]);
      return r ?? null;
    },
    /** `scope` is the authorisation service's WHERE fragment over d.department_id / d.division_code, its params first. */
    async list(q: ListDevicesQuery, scope: { sql: string; params: unknown[] }): Promise<{ items: DeviceRow[]; total: number }> {
      const params = [...scope.params];
      const where = [scope.sql];
      const add = (sql: (n: number) => string, v: unknown) => {
        params.push(v);
        where.push(sql(params.length));
      };
      // 513400 (prefecture) → every code under 5134; 513401 (county) → itself and its townships.
      if (q.division) add((n) => `d.division_code like $${n}`, `${q.division.replace(/(00)+$/, '')}%`);
      if (q.department) add((n) => `d.department_id = $${n}`, q.department);
      if (q.profile) add((n) => `d.profile_id = $${n}`, q.profile);
      if (q.status) add((n) => `d.status = $${n}`, q.status);
      if (q.q) add((n) => `(d.id ilike '%' || $${n} || '%' or d.name ilike '%' || $${n} || '%')`, q.q);
      const w = where.join(' and ');
      const [c] = await db.query<{ n: number }>(`select count(*)::int as n from devices.devices d where ${w}`, params);
      const items = await db.query<DeviceRow>(
        `select * from devices.devices d where ${w} order by d.id limit $${params.length + 1} offset $${params.length + 2}`,
        [...params, q.limit, q.offset],
      );
      return { items, total: c?.n ?? 0 };
    },
    /** Returns null when the id is taken. `opts.tx`: inside a transaction; `opts.provisioningKeyId`: the key the device registered itself with. */
    async create(d: NewDevice, opts: { tx?: Queryable; provisioningKeyId?: string } = {}): Promise<DeviceRow | null> {
      const [r] = await (opts.tx ?? db).query<DeviceRow>(
        `insert into devices.devices (${COLS}, provisioning_key_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         on conflict (id) do nothing returning *`,
        [d.id, d.name, d.profileId, d.departmentId ?? null, d.divisionCode ?? null, d.location?.lon ?? null, d.location?.lat ?? null,
          d.entityId, d.entityType, d.tokenHash, d.vendor ?? null, d.model ?? null, d.firmware ?? null, d.tags ?? [], opts.provisioningKeyId ?? null],
      );
      return r ?? null;
    },
    async update(id: string, p: DevicePatch & { entityType?: string }): Promise<DeviceRow | null> {
      const has = (k: keyof DevicePatch) => p[k] !== undefined;
      const [r] = await db.query<DeviceRow>(
        `update devices.devices set name = coalesce($2, name), profile_id = coalesce($3, profile_id),
           department_id = case when $4::boolean then $5 else department_id end, division_code = case when $6::boolean then $7 else division_code end,
           lon = case when $8::boolean then $9::float8 else lon end, lat = case when $8::boolean then $10::float8 else lat end,
           entity_id = coalesce($11, entity_id), entity_type = coalesce($12, entity_type),
           vendor = case when $13::boolean then $14 else vendor end, model = case when $15::boolean then $16 else model end,
           firmware = case when $17::boolean then $18 else firmware end, tags = coalesce($19::text[], tags), updated_at = now()
         where id = $1 returning *`,
        [id, p.name ?? null, p.profileId ?? null, has('departmentId'), p.departmentId ?? null, has('divisionCode'), p.divisionCode ?? null,
          has('location'), p.location?.lon ?? null, p.location?.lat ?? null, p.entityId ?? null, p.entityType ?? null,
          has('vendor'), p.vendor ?? null, has('model'), p.model ?? null, has('firmware'), p.firmware ?? null, p.tags ?? null],
      );
      return r ?? null;
    },
    async getMany(ids: string[]): Promise<DeviceRow[]> {
      return db.query<DeviceRow>('select * from devices.devices where id = any($1::text[])', [ids]);
    },
    /** Locks the rows a batch is about to write and returns when each was last changed. */
    async lockForBatch(tx: Queryable, ids: string[]): Promise<Map<string, number>> {
      const rows = await tx.query<{ id: string; updated_at: Date }>('select id, updated_at from devices.devices where id = any($1::text[]) order by id for update', [ids]);
      return new Map(rows.map((r) => [r.id, r.updated_at.getTime()]));
    },
    /** One multi-row insert; returns the ids it created (an id taken meanwhile is skipped). */
    async insertMany(tx: Queryable, rows: (DeviceFields & { token_hash: string })[]): Promise<Set<string>> {
      if (!rows.length) return new Set();
      const done = await tx.query<{ id: string }>(`insert into devices.devices (${COLS}) select ${COLS} from ${RECORDSET} on conflict (id) do nothing returning id`, [JSON.stringify(rows)]);
      return new Set(done.map((r) => r.id));
    },
    /** One multi-row update of the registry fields (never the token or the connection state). */
    async updateMany(tx: Queryable, rows: DeviceFields[]): Promise<Set<string>> {
      if (!rows.length) return new Set();
      const done = await tx.query<{ id: string }>(
        `update devices.devices d set ${DEVICE_FIELDS.map((f) => `${f} = x.${f}`).join(', ')}, updated_at = now()
         from ${RECORDSET} where d.id = x.id returning d.id`,
        [JSON.stringify(rows)],
      );
      return new Set(done.map((r) => r.id));
    },
    async remove(id: string): Promise<boolean> {
      return (await db.query('delete from devices.devices where id = $1 returning id', [id])).length > 0;
    },
    async setTokenHash(id: string, hash: string): Promise<DeviceRow | null> {
      const [r] = await db.query<DeviceRow>('update devices.devices set token_hash = $2, updated_at = now() where id = $1 returning *', [id, hash]);
      return r ?? null;
    },
  };
}

export type DevicesRepository = ReturnType<typeof createDevicesRepository>;
