import type { Queryable } from '@zhicheng/kernel';
import { chainHash, GENESIS_HASH, type ChainedRow } from './canonical.js';
import type { AuditFilter } from './audit-schemas.js';

/** Advisory-lock key that serialises appends (and pruning), so the chain never forks. */
export const AUDIT_LOCK_KEY = 727_002;

export interface StoredRow extends ChainedRow {
  prevHash: string;
  hash: string;
}

interface DbRow {
  seq: number; at: Date; actor_kind: ChainedRow['actorKind']; actor_id: string | null; actor_name: string | null;
  department_id: string | null; source_ip: string | null; action: string; object_type: string | null; object_id: string | null;
  outcome: ChainedRow['outcome']; request_id: string | null; detail: string; prev_hash: string; hash: string;
}

const COLUMNS = 'seq, at, actor_kind, actor_id, actor_name, department_id, source_ip, action, object_type, object_id, outcome, request_id, detail, prev_hash, hash';

const fromDb = (r: DbRow): StoredRow => ({
  seq: Number(r.seq), at: new Date(r.at), actorKind: r.actor_kind, actorId: r.actor_id, actorName: r.actor_name,
  departmentId: r.department_id, sourceIp: r.source_ip, action: r.action, objectType: r.object_type, objectId: r.object_id,
  outcome: r.outcome, requestId: r.request_id, detail: r.detail, prevHash: r.prev_hash, hash: r.hash,
});

function whereOf(f: AuditFilter, params: unknown[]): string {
  const where: string[] = [];
  if (f.from) where.push(`at >= $${params.push(f.from)}::timestamptz`);
  if (f.to) where.push(`at < $${params.push(f.to)}::timestamptz`);
  if (f.actor) {
    const n = params.push(f.actor);
    where.push(`(actor_name = $${n} or actor_id = $${n})`);
  }
  if (f.action) {
    // `auth.` selects a family of actions; anything else is exact.
    if (f.action.endsWith('.')) where.push(`left(action, length($${params.push(f.action)})) = $${params.length}`);
    else where.push(`action = $${params.push(f.action)}`);
  }
  if (f.outcome) where.push(`outcome = $${params.push(f.outcome)}`);
  if (f.objectType) where.push(`object_type = $${params.push(f.objectType)}`);
  if (f.objectId) where.push(`object_id = $${params.push(f.objectId)}`);
  return where.length ? `where ${where.join(' and ')}` : '';
}

export function createAuditRepository(db: Queryable) {
  return {
    /**
     * Appends one row at the head of the chain. Must run inside a transaction (the caller's):
     * the advisory lock is held until it commits, so concurrent appends queue up.
     */
    async append(tx: Queryable, row: Omit<ChainedRow, 'seq'>): Promise<StoredRow> {
      await tx.query('select pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
      const [head] = await tx.query<{ seq: number; hash: string }>('select seq, hash from audit.records order by seq desc limit 1');
      const anchor = head ? undefined : (await tx.query<{ through_seq: number; last_hash: string }>(
        'select through_seq, last_hash from audit.anchors order by through_seq desc limit 1'))[0];
      const prevSeq = head ? Number(head.seq) : anchor ? Number(anchor.through_seq) : 0;
      const prevHash = head?.hash ?? anchor?.last_hash ?? GENESIS_HASH;
      const full: ChainedRow = { ...row, seq: prevSeq + 1 };
      const hash = chainHash(prevHash, full);
      await tx.query(
        `insert into audit.records (${COLUMNS}) values ($1, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [full.seq, full.at.toISOString(), full.actorKind, full.actorId, full.actorName, full.departmentId, full.sourceIp, full.action,
          full.objectType, full.objectId, full.outcome, full.requestId, full.detail, prevHash, hash],
      );
      return { ...full, prevHash, hash };
    },

    async list(f: AuditFilter, page: { limit: number; offset: number }): Promise<{ items: StoredRow[]; total: number }> {
      const params: unknown[] = [];
      const w = whereOf(f, params);
      const [{ n } = { n: 0 }] = await db.query<{ n: number }>(`select count(*)::int as n from audit.records ${w}`, params);
      const rows = await db.query<DbRow>(
        `select ${COLUMNS} from audit.records ${w} order by seq desc limit $${params.length + 1} offset $${params.length + 2}`,
        [...params, page.limit, page.offset],
      );
      return { items: rows.map(fromDb), total: n };
    },

    /** Rows in chain order after `afterSeq`, one page at a time (keyset, so memory stays flat). */
    async page(afterSeq: number, limit: number, f?: AuditFilter): Promise<StoredRow[]> {
      const params: unknown[] = [afterSeq];
      const w = f ? whereOf(f, params) : '';
      const rows = await db.query<DbRow>(
        `select ${COLUMNS} from audit.records ${w ? `${w} and` : 'where'} seq > $1 order by seq limit $${params.length + 1}`,
        [...params, limit],
      );
      return rows.map(fromDb);
    },

    async latestAnchor(): Promise<{ throughSeq: number; lastHash: string } | null> {
      const [a] = await db.query<{ through_seq: number; last_hash: string }>('select through_seq, last_hash from audit.anchors order by through_seq desc limit 1');
      return a ? { throughSeq: Number(a.through_seq), lastHash: a.last_hash } : null;
    },

    async prune(cutoff: Date): Promise<number> {
      const [r] = await db.query<{ n: number }>('select audit.prune($1::timestamptz)::int as n', [cutoff.toISOString()]);
      return r?.n ?? 0;
    },

    async lastDetailOf(actions: string[]): Promise<string | null> {
      const [r] = await db.query<{ detail: string }>('select detail from audit.records where action = any($1::text[]) order by seq desc limit 1', [actions]);
      return r?.detail ?? null;
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
