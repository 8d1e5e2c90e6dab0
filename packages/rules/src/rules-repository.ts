import type { Queryable } from '@zhicheng/kernel';
import type { Rule, RuleDefinition, RuleVersion } from './rule-schemas.js';

interface RuleRow {
  id: string;
  version: number;
  department_id: string | null;
  definition: RuleDefinition;
  created_at: Date;
  updated_at: Date;
  updated_by: string | null;
}

const toRule = (r: RuleRow): Rule => ({
  id: r.id, version: r.version, departmentId: r.department_id, definition: r.definition,
  createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), updatedBy: r.updated_by,
});

export interface RuleFilter {
  departmentId?: string;
  entityType?: string;
  kind?: string;
  enabled?: boolean;
  /** Rules whose division is exactly this one (no division = the region's code). */
  divisionCode?: string;
  /** An authorisation WHERE fragment over `r.department_id` / `r.scope_division_code` and its parameters (numbered from 1). */
  scope?: { sql: string; params: unknown[] };
  /**
   * The region's code: a rule without a division applies to the whole region, so the scope
   * sees it there (`r.scope_division_code`), as `get` does, instead of nowhere.
   */
  regionCode?: string;
  limit: number;
  offset: number;
}

const COLUMNS = 'r.id, r.version, r.department_id, r.definition, r.created_at, r.updated_at, r.updated_by';

export function createRulesRepository(db: Queryable) {
  return {
    async list(f: RuleFilter): Promise<{ items: Rule[]; total: number }> {
      const params: unknown[] = [...(f.scope?.params ?? [])];
      const from = `(select r0.*, coalesce(r0.division_code, $${params.push(f.regionCode ?? null)}::text) as scope_division_code from rules.rules r0) r`;
      const where = ['r.deleted_at is null', f.scope?.sql ?? 'true'];
      if (f.departmentId) where.push(`r.department_id = $${params.push(f.departmentId)}`);
      if (f.entityType) where.push(`r.entity_type = $${params.push(f.entityType)}`);
      if (f.kind) where.push(`r.kind = $${params.push(f.kind)}`);
      if (f.enabled !== undefined) where.push(`r.enabled = $${params.push(f.enabled)}`);
      if (f.divisionCode) where.push(`r.scope_division_code = $${params.push(f.divisionCode)}`);
      const rows = await db.query<RuleRow & { total: number }>(
        `select ${COLUMNS}, count(*) over ()::int as total from ${from} where ${where.join(' and ')}
         order by r.id limit $${params.push(f.limit)} offset $${params.push(f.offset)}`, params);
      const total = rows[0]?.total ?? (f.offset > 0 ? (await db.query<{ n: number }>(`select count(*)::int as n from ${from} where ${where.join(' and ')}`, params.slice(0, -2)))[0]!.n : 0);
      return { items: rows.map(toRule), total };
    },

    async get(id: string, opts: { includeDeleted?: boolean } = {}): Promise<Rule | null> {
      const [r] = await db.query<RuleRow>(`select ${COLUMNS} from rules.rules r where r.id = $1 ${opts.includeDeleted ? '' : 'and r.deleted_at is null'}`, [id]);
      return r ? toRule(r) : null;
    },

    /** Every enabled rule, for the engine. */
    async enabled(): Promise<Rule[]> {
      return (await db.query<RuleRow>(`select ${COLUMNS} from rules.rules r where r.deleted_at is null and r.enabled order by r.id`)).map(toRule);
    },

    async versions(id: string): Promise<RuleVersion[]> {
      const rows = await db.query<{ version: number; definition: RuleDefinition; change: string; created_at: Date; created_by: string | null }>(
        'select version, definition, change, created_at, created_by from rules.rule_versions where rule_id = $1 order by version desc', [id]);
      return rows.map((r) => ({ ruleId: id, version: r.version, definition: r.definition, change: r.change, createdAt: r.created_at.toISOString(), createdBy: r.created_by }));
    },

    /** Writes the rule's new current row and its version row; `expected` guards against lost updates. */
    async write(rule: { id: string; departmentId: string | null; definition: RuleDefinition }, change: 'created' | 'updated' | 'deleted', by: string | null, expected: number | null): Promise<Rule | null> {
      const d = rule.definition;
      const def = JSON.stringify(d);
      let row: RuleRow | undefined;
      if (expected === null) {
        [row] = await db.query<RuleRow>(
          `insert into rules.rules (id, version, department_id, name, entity_type, kind, enabled, division_code, definition, updated_by)
           values ($1, 1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9) on conflict (id) do nothing
           returning id, version, department_id, definition, created_at, updated_at, updated_by`,
          [rule.id, rule.departmentId, d.name, d.entityType, d.condition.kind, d.enabled, d.divisionCode ?? null, def, by]);
      } else {
        [row] = await db.query<RuleRow>(
          `update rules.rules set version = version + 1, name = $3, entity_type = $4, kind = $5, enabled = $6, division_code = $7,
             definition = $8::jsonb, updated_at = now(), updated_by = $9, deleted_at = case when $10::boolean then now() else null end
           where id = $1 and version = $2 and deleted_at is null
           returning id, version, department_id, definition, created_at, updated_at, updated_by`,
          [rule.id, expected, d.name, d.entityType, d.condition.kind, d.enabled, d.divisionCode ?? null, def, by, change === 'deleted']);
      }
      if (!row) return null;
      await db.query('insert into rules.rule_versions (rule_id, version, definition, change, created_by) values ($1, $2, $3::jsonb, $4, $5)', [row.id, row.version, def, change, by]);
      return toRule(row);
    },
  };
}
