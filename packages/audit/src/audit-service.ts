import { serviceKey, type Db } from '@zhicheng/kernel';
import type { FastifyRequest } from 'fastify';
import { createAuditRepository, type StoredRow } from './audit-repository.js';
import type { AuditFilter, AuditRecord, VerifyResult } from './audit-schemas.js';
import { canonicalJson, type ActorKind, type Outcome } from './canonical.js';
import { csvLine } from './csv.js';
import { verifyChain } from './verify-chain.js';

export interface AuditActor {
  kind: ActorKind;
  id: string | null;
  name: string | null;
  departmentId: string | null;
}

/**
 * One thing that happened. `action` is `<area>.<verb>` (`auth.login`, `identity.user.created`,
 * `pii.viewed`, `audit.exported`); the actor, source address and request id come from the
 * request when one is given.
 *
 * @example
 *   await audit.record({ action: 'alarms.alarm.acknowledged', outcome: 'success', objectType: 'alarm', objectId: id }, req);
 */
export interface AuditEntry {
  action: string;
  outcome: Outcome;
  objectType?: string | null;
  objectId?: string | null;
  /** Small, non-secret facts (never passwords, tokens or full personal values). */
  detail?: Record<string, unknown>;
  /** Overrides the actor taken from the request (e.g. the user a failed login named). */
  actor?: AuditActor;
  sourceIp?: string | null;
  requestId?: string | null;
}

export interface AuditService {
  /** Appends a record to the chain; resolves when it is committed. */
  record(entry: AuditEntry, req?: FastifyRequest): Promise<void>;
  list(filter: AuditFilter, page: { limit: number; offset: number }): Promise<{ items: AuditRecord[]; total: number }>;
  /** The matching records (oldest first) as CSV or JSON text, produced page by page so memory stays flat. */
  export(filter: AuditFilter, format: 'csv' | 'json'): AsyncGenerator<string>;
  verify(): Promise<VerifyResult>;
  /** Removes records older than the retention period (never under 180 days); returns how many. */
  prune(): Promise<number>;
}

export const auditServiceKey = serviceKey<AuditService>('audit');

export const SYSTEM_ACTOR: AuditActor = { kind: 'system', id: null, name: 'zhicheng', departmentId: null };

export function actorOf(req: FastifyRequest | undefined): AuditActor {
  const p = req?.principal;
  if (!p) return { kind: 'anonymous', id: null, name: null, departmentId: null };
  return { kind: p.kind, id: p.id, name: p.name, departmentId: p.departmentId };
}

export const toApi = (r: StoredRow): AuditRecord => ({
  seq: r.seq, at: r.at.toISOString(), actorKind: r.actorKind, actorId: r.actorId, actorName: r.actorName, departmentId: r.departmentId,
  sourceIp: r.sourceIp, action: r.action, objectType: r.objectType, objectId: r.objectId, outcome: r.outcome, requestId: r.requestId,
  detail: JSON.parse(r.detail) as Record<string, unknown>, hash: r.hash,
});

const CSV_HEADER = ['seq', 'at', 'actor_kind', 'actor_id', 'actor_name', 'department_id', 'source_ip', 'action', 'object_type', 'object_id', 'outcome', 'request_id', 'detail', 'hash'];

export interface AuditServiceOptions {
  retentionDays: number;
  now?: () => Date;
}

export function createAuditService(db: Db, opts: AuditServiceOptions): AuditService {
  const repo = createAuditRepository(db);
  const now = opts.now ?? (() => new Date());
  return {
    async record(entry, req) {
      const actor = entry.actor ?? actorOf(req);
      await db.transaction((tx) => repo.append(tx, {
        at: now(), actorKind: actor.kind, actorId: actor.id, actorName: actor.name, departmentId: actor.departmentId,
        sourceIp: entry.sourceIp ?? req?.ip ?? null, action: entry.action, objectType: entry.objectType ?? null, objectId: entry.objectId ?? null,
        outcome: entry.outcome, requestId: entry.requestId ?? (req ? String(req.id) : null), detail: canonicalJson(entry.detail ?? {}),
      }));
    },

    async list(filter, page) {
      const { items, total } = await repo.list(filter, page);
      return { items: items.map(toApi), total };
    },

    async *export(filter, format) {
      let after = 0;
      let n = 0;
      // The byte-order mark lets spreadsheet programs read the Chinese text as UTF-8.
      yield format === 'csv' ? `\uFEFF${csvLine(CSV_HEADER)}` : '[';
      for (;;) {
        const rows = await repo.page(after, 1000, filter);
        let chunk = '';
        for (const r of rows) {
          const a = toApi(r);
          chunk += format === 'csv'
            ? csvLine([a.seq, a.at, a.actorKind, a.actorId, a.actorName, a.departmentId, a.sourceIp, a.action, a.objectType, a.objectId, a.outcome, a.requestId, r.detail, a.hash])
            : `${n ? ',' : ''}\n${JSON.stringify(a)}`;
          n += 1;
        }
        if (chunk) yield chunk;
        if (rows.length < 1000) break;
        after = rows[rows.length - 1]!.seq;
      }
      if (format === 'json') yield '\n]\n';
    },

    verify: () => verifyChain(db),

    async prune() {
      const days = Math.max(180, opts.retentionDays);
      const cutoff = new Date(now().getTime() - days * 86_400_000);
      const n = await repo.prune(cutoff);
      if (n > 0) await this.record({ action: 'audit.pruned', outcome: 'success', actor: SYSTEM_ACTOR, detail: { count: n, cutoff: cutoff.toISOString(), retentionDays: days } });
      return n;
    },
  };
}
