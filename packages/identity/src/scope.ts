import { permissionMatches } from './permission-catalogue.js';

/** A permission held within an optional department subtree and/or division subtree (null = no limit on that axis). */
export interface Grant {
  permission: string;
  departmentScope: string | null;
  divisionScope: string | null;
}

/** One grant's reach, expanded: an object is covered when it is in both lists (a null list means any). */
export interface ScopeClause {
  departmentIds: string[] | null;
  divisionCodes: string[] | null;
}

/**
 * Where a principal may use a permission. `all` = everywhere. Otherwise an object is in
 * scope when it lies in `departmentIds` or in `divisionCodes` (expanded subtrees), or when a
 * grant narrowed on both axes (`clauses`) covers it; `clauses` is the exact form, the two
 * lists are the union of single-axis grants for callers that only need a quick test.
 */
export interface Scope {
  all: boolean;
  departmentIds: string[];
  divisionCodes: string[];
  clauses: ScopeClause[];
}

export interface SubtreeExpander {
  departments(rootId: string): string[];
  divisions(rootCode: string): string[];
}

export function scopeOf(grants: readonly Grant[], permission: string, expand: SubtreeExpander): Scope | null {
  const relevant = grants.filter((g) => permissionMatches(g.permission, permission));
  if (!relevant.length) return null;
  if (relevant.some((g) => !g.departmentScope && !g.divisionScope)) return { all: true, departmentIds: [], divisionCodes: [], clauses: [] };
  const clauses = relevant.map((g) => ({
    departmentIds: g.departmentScope ? expand.departments(g.departmentScope) : null,
    divisionCodes: g.divisionScope ? expand.divisions(g.divisionScope) : null,
  }));
  const departmentIds = new Set<string>();
  const divisionCodes = new Set<string>();
  for (const c of clauses) {
    if (c.departmentIds && !c.divisionCodes) c.departmentIds.forEach((d) => departmentIds.add(d));
    if (c.divisionCodes && !c.departmentIds) c.divisionCodes.forEach((d) => divisionCodes.add(d));
  }
  return { all: false, departmentIds: [...departmentIds].sort(), divisionCodes: [...divisionCodes].sort(), clauses };
}

export interface ObjectPlace {
  departmentId?: string | null;
  divisionCode?: string | null;
}

export function scopeCovers(scope: Scope | null, obj: ObjectPlace): boolean {
  if (!scope) return false;
  if (scope.all) return true;
  return scope.clauses.some((c) =>
    (c.departmentIds === null || (!!obj.departmentId && c.departmentIds.includes(obj.departmentId))) &&
    (c.divisionCodes === null || (!!obj.divisionCode && c.divisionCodes.includes(obj.divisionCode))));
}

export interface SqlFilterOptions {
  /** Column (optionally qualified) holding the object's department id; omit when the table has none. */
  departmentColumn?: string;
  /** Column holding the object's division code; omit when the table has none. */
  divisionColumn?: string;
  /** Number of the first `$n` placeholder to use (1 when the filter comes first). */
  firstParam?: number;
}

const COLUMN = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/** The scope as a WHERE fragment to AND into a query, with its parameters. */
export function scopeSql(scope: Scope | null, opts: SqlFilterOptions): { sql: string; params: unknown[] } {
  for (const c of [opts.departmentColumn, opts.divisionColumn]) if (c !== undefined && !COLUMN.test(c)) throw new Error(`Not a column name: ${c}`);
  if (!scope) return { sql: 'false', params: [] };
  if (scope.all) return { sql: 'true', params: [] };
  const params: unknown[] = [];
  const first = opts.firstParam ?? 1;
  const place = (v: string[]) => `$${first + params.push(v) - 1}::text[]`;
  const ors = scope.clauses.map((c) => {
    const ands: string[] = [];
    if (c.departmentIds) ands.push(opts.departmentColumn ? `${opts.departmentColumn} = any(${place(c.departmentIds)})` : 'false');
    if (c.divisionCodes) ands.push(opts.divisionColumn ? `${opts.divisionColumn} = any(${place(c.divisionCodes)})` : 'false');
    return `(${ands.join(' and ')})`;
  });
  return { sql: `(${ors.join(' or ')})`, params };
}
