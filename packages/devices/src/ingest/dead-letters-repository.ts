import type { Db } from '@zhicheng/kernel';

export interface DeadLetterInput {
  transport: string;
  deviceId: string | null;
  topic: string | null;
  reasonCode: string;
  reason: string;
  payload: Buffer;
  receivedAt: number;
  /** Set for hand-offs that may be redelivered (JetStream): stored once per key. */
  sourceKey?: string;
}

interface Row {
  id: number; received_at: Date; transport: string; device_id: string | null; topic: string | null; reason_code: string; reason: string;
  payload: Uint8Array; replayed_at: Date | null; replay_result: string | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** PostgreSQL text holds no NUL and no lone surrogates: what devices send may hold both. */
export const safeText = (s: string, max = 2000) => s.slice(0, max).replace(/\u0000/g, '\\0');

const toApi = (r: Row) => {
  const buf = Buffer.from(r.payload);
  let payload: string;
  let payloadEncoding: 'utf8' | 'base64' = 'utf8';
  try {
    payload = utf8.decode(buf);
  } catch {
    payload = buf.toString('base64');
    payloadEncoding = 'base64';
  }
  return {
    id: r.id, receivedAt: r.received_at.toISOString(), transport: r.transport, deviceId: r.device_id, topic: r.topic,
    reasonCode: r.reason_code, reason: r.reason, payload, payloadEncoding, replayedAt: r.replayed_at?.toISOString() ?? null, replayResult: r.replay_result,
  };
};
export type DeadLetterView = ReturnType<typeof toApi>;

export function createDeadLettersRepository(db: Db) {
  return {
    /** One statement for the whole batch (unnest); payloads travel as hex text so both engines take them. */
    async insertMany(list: DeadLetterInput[]): Promise<void> {
      if (!list.length) return;
      await db.query(
        `insert into devices.dead_letters (received_at, transport, device_id, topic, reason_code, reason, payload, source_key)
         select to_timestamp(x.at / 1000.0), x.transport, x.device_id, x.topic, x.code, x.reason, decode(x.payload, 'hex'), x.source_key
         from unnest($1::float8[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
           as x(at, transport, device_id, topic, code, reason, payload, source_key)
         on conflict (source_key) do nothing`,
        [list.map((d) => d.receivedAt), list.map((d) => safeText(d.transport, 40)), list.map((d) => (d.deviceId === null ? null : safeText(d.deviceId, 200))),
          list.map((d) => (d.topic === null ? null : safeText(d.topic, 1000))), list.map((d) => d.reasonCode), list.map((d) => safeText(d.reason)),
          list.map((d) => d.payload.toString('hex')), list.map((d) => d.sourceKey ?? null)],
      );
    },
    async list(f: { device?: string; reason?: string; limit: number; offset: number }, scope: { sql: string; params: unknown[] }) {
      const params = [...scope.params];
      const where = [scope.sql];
      if (f.device) {
        params.push(f.device);
        where.push(`l.device_id = $${params.length}`);
      }
      if (f.reason) {
        params.push(f.reason);
        where.push(`l.reason_code = $${params.length}`);
      }
      // Dead letters of unknown devices have no owner: only a prefecture-wide scope (scope.sql = true) sees them.
      const from = 'devices.dead_letters l left join devices.devices d on d.id = l.device_id';
      const w = where.join(' and ');
      const [c] = await db.query<{ n: number }>(`select count(*)::int as n from ${from} where ${w}`, params);
      const rows = await db.query<Row>(
        `select l.* from ${from} where ${w} order by l.id desc limit $${params.length + 1} offset $${params.length + 2}`, [...params, f.limit, f.offset],
      );
      return { items: rows.map(toApi), total: c?.n ?? 0 };
    },
    async get(id: number): Promise<(DeadLetterView & { raw: Buffer; departmentId: string | null; divisionCode: string | null }) | null> {
      const [r] = await db.query<Row & { department_id: string | null; division_code: string | null }>(
        `select l.*, d.department_id, d.division_code from devices.dead_letters l left join devices.devices d on d.id = l.device_id where l.id = $1`, [id],
      );
      return r ? { ...toApi(r), raw: Buffer.from(r.payload), departmentId: r.department_id, divisionCode: r.division_code } : null;
    },
    async markReplayed(id: number, result: string): Promise<void> {
      await db.query('update devices.dead_letters set replayed_at = now(), replay_result = $2 where id = $1', [id, result]);
    },
    async count(): Promise<number> {
      const [c] = await db.query<{ n: number }>('select count(*)::int as n from devices.dead_letters');
      return c?.n ?? 0;
    },
  };
}

export type DeadLettersRepository = ReturnType<typeof createDeadLettersRepository>;
