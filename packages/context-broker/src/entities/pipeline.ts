import type { Bus, Db, Logger, Queryable } from '@zhicheng/kernel';
import type { TermResolver } from '../context/term-map.js';
import { attributeNames, instancesOf, type StoredEntity } from '../model/types.js';
import type { Retention } from '../retention.js';
import { changeEvent, deletedSnapshot, withDeletions } from '../subscriptions/change-events.js';
import type { Matcher } from '../subscriptions/matcher.js';
import type { OutboxHub } from '../subscriptions/outbox-hub.js';
import { insertOutbox, type Enqueued, type OutboxRow } from '../subscriptions/outbox-insert.js';
import type { HistoryKeys } from '../temporal/history-keys.js';
import { appendHistory, cellOf, historyKey, type HistoryPoint, type TypeCounter } from '../temporal/history-writer.js';
import type { PartitionManager } from '../temporal/partitions.js';
import { deleteEntities, saveEntities } from './entity-rows.js';
import { ENTITIES_UPDATED, ENTITY_DELETED, ENTITY_UPDATED, updatedEvent, type EntityDeletedEvent, type EntityUpdatedEvent } from './events.js';

/** One entity's change inside a write: before (null = created), after (null = deleted), which attributes changed (null = all). */
export interface Change {
  before: StoredEntity | null;
  after: StoredEntity | null;
  changed: string[] | null;
}

class NeedPartitions extends Error {
  constructor(readonly needed: { ret: number; rollupRet: number; ts: number }[]) {
    super('partitions needed');
  }
}

export interface PipelineDeps {
  db: Db;
  log: Logger;
  bus: Bus;
  partitions: PartitionManager;
  retention: Retention;
  matcher: Matcher;
  /** The core + Smart Data Models context: short names in bus events. */
  sdm: TermResolver;
  counter: TypeCounter;
  /** Codes of the history's plain numbers. */
  keys: HistoryKeys;
  /** Gets what a commit enqueued (this process's outbox worker). */
  outbox: OutboxHub;
}

/**
 * Every entity write goes through here, so the latest state, the history, the notification
 * outbox and the bus see the same changes: state, history and outbox rows are written in one
 * transaction; bus events are published after the commit.
 */
export function createPipeline(d: PipelineDeps) {
  function historyPoints(tenant: string, changes: Change[], nowMs: number): HistoryPoint[] {
    const points: HistoryPoint[] = [];
    for (const c of changes) {
      if (!c.after) continue;
      const ret = d.retention.forType(c.after.types[0]);
      for (const iri of c.changed ?? attributeNames(c.after)) {
        const before = c.before ? instancesOf(c.before, iri) : [];
        for (const i of instancesOf(c.after, iri)) {
          const cell = cellOf(i);
          let ts = i.observedAt ? Date.parse(i.observedAt) : nowMs;
          // A change that keeps the instance's observedAt (a merge or partial update without a new
          // one) would meet the point recorded at that instant, which stays as first written (the
          // history is idempotent for redelivered observations): it is dated when it was made, so
          // every change of a value is kept.
          if (i.observedAt && before.length) {
            const prev = before.find((b) => b.datasetId === i.datasetId);
            if (prev?.observedAt === i.observedAt && JSON.stringify(cellOf(prev)) !== JSON.stringify(cell)) ts = nowMs;
          }
          points.push({
            tenant, entityId: c.after.id, type: c.after.types[0] ?? '', ts, ret: ret.historyDays, rollupRet: ret.rollupDays,
            key: historyKey(iri, i.datasetId), cell,
          });
        }
      }
    }
    return points;
  }

  async function enqueue(tx: Queryable, tenant: string, changes: Change[]): Promise<Enqueued> {
    const rows: OutboxRow[] = [];
    const at = new Date().toISOString();
    for (const c of changes) {
      const subject = c.after ?? c.before;
      if (!subject) continue;
      const ev = changeEvent(c.before, c.after, c.changed);
      const hits = d.matcher.matchEvent(tenant, subject, ev);
      if (!hits.length) continue;
      const names = ev.kind === 'updated' ? [...ev.created, ...ev.updated, ...ev.deleted] : attributeNames(subject);
      // Snapshots are made once per change: the plain state, and (when attributes went) the state with their deletions shown.
      let plain: unknown = null;
      let marked: unknown = null;
      for (const h of hits) {
        let snapshot: unknown;
        if (ev.kind === 'deleted') snapshot = plain ??= deletedSnapshot(c.before!, at);
        else if (h.deletions && ev.kind === 'updated' && ev.deleted.length) snapshot = marked ??= withDeletions(c.before!, c.after!, ev.deleted, at);
        else snapshot = plain ??= c.after;
        rows.push({ subscription: h.id, entity: snapshot, changed: names });
      }
    }
    return insertOutbox(tx, tenant, rows, rows.length ? d.outbox.lease() : null);
  }

  return {
    historyPoints,
    /**
     * Runs `work` in a transaction; it returns the changes it decided (having read and locked
     * what it needed) and a result. Missing time partitions are created outside the
     * transaction and the work retried, so DDL never holds a lock inside a write.
     */
    async run<T>(tenant: string, work: (tx: Queryable) => Promise<{ changes: Change[]; result: T; points?: HistoryPoint[] }>, opts: { batch?: boolean; history?: boolean } = {}): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        try {
          const out = await d.db.transaction(async (tx) => {
            const nowMs = Date.now();
            const { changes, result, points: given } = await work(tx);
            const points = given ?? (opts.history === false ? [] : historyPoints(tenant, changes, nowMs));
            const missing = points.filter((p) => !d.partitions.isReady(p.ret, p.rollupRet, p.ts));
            if (missing.length) throw new NeedPartitions(missing.map((p) => ({ ret: p.ret, rollupRet: p.rollupRet, ts: p.ts })));
            // One entity may change several times in one transaction (grouped requests): write its final state once.
            const final = new Map<string, StoredEntity | null>();
            for (const c of changes) final.set((c.after ?? c.before)!.id, c.after);
            await saveEntities(tx, tenant, [...final.values()].filter((e): e is StoredEntity => e !== null));
            await deleteEntities(tx, tenant, [...final].filter(([, e]) => e === null).map(([id]) => id));
            await appendHistory(tx, points, { counter: d.counter, keys: d.keys });
            const enqueued = await enqueue(tx, tenant, changes);
            return { changes, result, enqueued };
          });
          d.outbox.committed(out.enqueued);
          await this.publish(tenant, out.changes, opts.batch ?? false);
          return out.result;
        } catch (err) {
          if (err instanceof NeedPartitions && attempt < 3) {
            await d.partitions.ensureMissing(err.needed);
            continue;
          }
          throw err;
        }
      }
    },

    async publish(tenant: string, changes: Change[], batch: boolean): Promise<void> {
      const now = new Date().toISOString();
      const updated: EntityUpdatedEvent[] = [];
      try {
        for (const c of changes) {
          if (c.after) updated.push(updatedEvent(tenant, c.after, c.changed ?? attributeNames(c.after), d.sdm, now));
          else if (c.before) {
            const ev: EntityDeletedEvent = { tenant, entityId: c.before.id, entityType: d.sdm.compact(c.before.types[0] ?? ''), departmentId: c.before.departmentId, divisionCode: c.before.divisionCode };
            await d.bus.publish(ENTITY_DELETED, ev);
          }
        }
        if (!updated.length) return;
        if (batch) await d.bus.publish(ENTITIES_UPDATED, updated);
        else for (const ev of updated) await d.bus.publish(ENTITY_UPDATED, ev);
      } catch (err) {
        // The change is committed; a bus outage must not turn it into an error for the writer.
        d.log.error({ err }, 'publishing datahub events failed');
      }
    },
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;
