import { Gauge } from 'prom-client';
import type { Db, Metrics } from '@zhicheng/kernel';
import type { TermResolver } from '../context/term-map.js';
import type { PartitionManager } from '../temporal/partitions.js';

export interface DatahubStats {
  entities: { tenant: string; type: string; count: number }[];
  /** History points recorded per type since the start (expired partitions are not subtracted). */
  historyPoints: { tenant: string; type: string; points: number }[];
  /** On-disk size of history and rollups per retention class. */
  storage: { table: 'history' | 'rollup_hour'; retentionDays: number; partitions: number; bytes: number; oldest: string | null; newest: string | null }[];
  outbox: { pending: number; failing: number };
}

export async function collectStats(db: Db, partitions: PartitionManager, sdm: TermResolver): Promise<DatahubStats> {
  const entities = await db.query<{ tenant: string; type: string; count: number }>(
    'select tenant, types[1] as type, count(*)::int as count from ngsi.entities group by 1, 2 order by 1, 2');
  const points = await db.query<{ tenant: string; type: string; points: number }>('select tenant, type, points from ngsi.type_stats order by 1, 2');
  const parts = await partitions.list();
  const sizes = parts.length
    ? await db.query<{ name: string; bytes: number }>(
      `select c.relname as name, pg_total_relation_size(c.oid)::int8 as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'ngsi' and c.relname = any($1::text[])`, [parts.map((p) => p.name)])
    : [];
  const bytes = new Map(sizes.map((s) => [s.name, Number(s.bytes)]));
  const storage = new Map<string, DatahubStats['storage'][number]>();
  for (const p of parts) {
    const k = `${p.table}/${p.ret}`;
    const s = storage.get(k) ?? { table: p.table, retentionDays: p.ret, partitions: 0, bytes: 0, oldest: null, newest: null };
    s.partitions++;
    s.bytes += bytes.get(p.name) ?? 0;
    if (!s.oldest || p.from.toISOString() < s.oldest) s.oldest = p.from.toISOString();
    if (!s.newest || p.to.toISOString() > s.newest) s.newest = p.to.toISOString();
    storage.set(k, s);
  }
  const [o] = await db.query<{ pending: number; failing: number }>('select count(*)::int as pending, count(*) filter (where attempts > 0)::int as failing from ngsi.notification_outbox');
  return {
    entities: entities.map((e) => ({ ...e, type: sdm.compact(e.type) })),
    historyPoints: points.map((p) => ({ ...p, type: sdm.compact(p.type), points: Number(p.points) })),
    storage: [...storage.values()],
    outbox: o ?? { pending: 0, failing: 0 },
  };
}

/** Prometheus gauges, computed when /metrics is scraped. */
export function registerMetrics(metrics: Metrics, db: Db, partitions: PartitionManager, sdm: TermResolver, flush: () => Promise<void>) {
  let cached: { at: number; p: Promise<DatahubStats> } | null = null;
  // One scrape reads several gauges: share one collection per second.
  const stats = () => {
    if (!cached || Date.now() - cached.at > 1000) cached = { at: Date.now(), p: flush().then(() => collectStats(db, partitions, sdm)) };
    return cached.p;
  };
  new Gauge({
    name: 'zc_ngsi_history_points', help: 'History data points recorded per entity type (since start).', labelNames: ['tenant', 'type'] as const, registers: [metrics.registry],
    async collect() {
      for (const p of (await stats()).historyPoints) this.set({ tenant: p.tenant, type: p.type }, p.points);
    },
  });
  new Gauge({
    name: 'zc_ngsi_entities', help: 'Entities per type.', labelNames: ['tenant', 'type'] as const, registers: [metrics.registry],
    async collect() {
      for (const e of (await stats()).entities) this.set({ tenant: e.tenant, type: e.type }, e.count);
    },
  });
  new Gauge({
    name: 'zc_ngsi_storage_bytes', help: 'Bytes of history and rollup partitions per retention class.', labelNames: ['table', 'retention_days'] as const, registers: [metrics.registry],
    async collect() {
      for (const s of (await stats()).storage) this.set({ table: s.table, retention_days: String(s.retentionDays) }, s.bytes);
    },
  });
  new Gauge({
    name: 'zc_ngsi_outbox_pending', help: 'Notifications waiting in the outbox.', registers: [metrics.registry],
    async collect() {
      this.set((await stats()).outbox.pending);
    },
  });
}
