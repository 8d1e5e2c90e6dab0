import type { Queryable } from '@zhicheng/kernel';
import type { IndicatorDefinition, IndicatorValue, Status } from './indicator-schemas.js';

interface DefRow {
  id: string; name: IndicatorDefinition['name']; description: IndicatorDefinition['description']; unit: string; owner_department_id: string | null;
  source: IndicatorDefinition['source']; per_county: boolean; thresholds: IndicatorDefinition['thresholds']; refresh_seconds: number; enabled: boolean;
}
const toDef = (r: DefRow): IndicatorDefinition => ({
  id: r.id, name: r.name, description: r.description, unit: r.unit, ownerDepartmentId: r.owner_department_id, source: r.source,
  perCounty: r.per_county, thresholds: r.thresholds, refreshSeconds: r.refresh_seconds, enabled: r.enabled,
});

export interface ValueRow {
  scope: string;
  value: number | null;
  status: Status;
  detail: Record<string, unknown>;
}

export function createIndicatorsRepository(db: Queryable) {
  return {
    async definitions(): Promise<IndicatorDefinition[]> {
      return (await db.query<DefRow>('select * from indicators.definitions order by sort_order, id')).map(toDef);
    },
    /** Seeds a definition once; an operator's later edits to it are kept. */
    async ensure(d: IndicatorDefinition, order: number, at: Date): Promise<void> {
      await db.query(
        `insert into indicators.definitions (id, name, description, unit, owner_department_id, source, per_county, thresholds, refresh_seconds, enabled, sort_order, updated_at)
         values ($1, $2::jsonb, $3::jsonb, $4, $5, $6::jsonb, $7, $8::jsonb, $9, $10, $11, $12) on conflict (id) do nothing`,
        [d.id, JSON.stringify(d.name), d.description ? JSON.stringify(d.description) : null, d.unit, d.ownerDepartmentId, JSON.stringify(d.source), d.perCounty,
          d.thresholds ? JSON.stringify(d.thresholds) : null, d.refreshSeconds, d.enabled, order, at]);
    },
    async write(indicatorId: string, at: Date, rows: ValueRow[]): Promise<void> {
      if (!rows.length) return;
      await db.query(
        `insert into indicators.indicator_values (indicator_id, scope_code, at, value, status, detail)
         select $1, v.scope, $2, v.value, v.status, v.detail::jsonb from unnest($3::text[], $4::float8[], $5::text[], $6::text[]) as v(scope, value, status, detail)
         on conflict (indicator_id, scope_code, at) do update set value = excluded.value, status = excluded.status, detail = excluded.detail`,
        [indicatorId, at, rows.map((r) => r.scope), rows.map((r) => r.value), rows.map((r) => r.status), rows.map((r) => JSON.stringify(r.detail))]);
    },
    /** The latest value of every scope of every indicator. */
    async latest(): Promise<(IndicatorValue & { indicatorId: string; scope: string })[]> {
      const rows = await db.query<{ indicator_id: string; scope_code: string; at: Date; value: number | null; status: Status; detail: Record<string, unknown> }>(
        `select distinct on (indicator_id, scope_code) indicator_id, scope_code, at, value, status, detail
         from indicators.indicator_values order by indicator_id, scope_code, at desc`);
      return rows.map((r) => ({ indicatorId: r.indicator_id, scope: r.scope_code, at: r.at.toISOString(), value: r.value, status: r.status, detail: r.detail }));
    },
    async lastComputed(): Promise<Map<string, Date>> {
      const rows = await db.query<{ indicator_id: string; at: Date }>('select indicator_id, max(at) as at from indicators.indicator_values group by indicator_id');
      return new Map(rows.map((r) => [r.indicator_id, r.at]));
    },
    async history(id: string, scope: string, from: Date, to: Date, limit: number): Promise<IndicatorValue[]> {
      const rows = await db.query<{ at: Date; value: number | null; status: Status; detail: Record<string, unknown> }>(
        `select at, value, status, detail from indicators.indicator_values where indicator_id = $1 and scope_code = $2 and at >= $3 and at < $4 order by at limit $5`,
        [id, scope, from, to, limit]);
      return rows.map((r) => ({ at: r.at.toISOString(), value: r.value, status: r.status, detail: r.detail }));
    },
  };
}
