import type { Db } from '@zhicheng/kernel';
import type { SubtreeExpander } from './scope.js';

/** Division boundaries change only by import (geo); a few minutes of staleness is harmless. */
const DIVISION_TTL_MS = 5 * 60_000;
/** This process drops its copy at once when it changes a department; other processes (API roles scaled out) catch up within this. */
const DEPARTMENT_TTL_MS = 60_000;

function subtrees(rows: { id: string; path: string[] }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of rows) {
    for (const ancestor of r.path) {
      let list = out.get(ancestor);
      if (!list) out.set(ancestor, (list = []));
      list.push(r.id);
    }
  }
  for (const list of out.values()) list.sort();
  return out;
}

/**
 * Expanded subtrees kept in memory, so scope checks are synchronous and SQL filters use
 * `= any($n)` over plain codes: department subtrees from identity.departments.path
 * (reloaded when identity changes a department), division subtrees from geo.divisions.path.
 */
export function createSubtreeCache(db: Db, now: () => number = Date.now) {
  let departments = new Map<string, string[]>();
  let divisions = new Map<string, string[]>();
  let departmentsLoaded: Promise<void> | null = null;
  let departmentsLoadedAt = -Infinity;
  let divisionsLoadedAt = -Infinity;
  let divisionsLoading: Promise<void> | null = null;

  const loadDepartments = async () => {
    const rows = await db.query<{ id: string; path: string[] }>('select id, path from identity.departments');
    departments = subtrees(rows);
  };
  const loadDivisions = async () => {
    try {
      const rows = await db.query<{ id: string; path: string[] }>('select code as id, path from geo.divisions');
      divisions = subtrees(rows);
    } catch {
      // Without the geo module a division is its own subtree.
      divisions = new Map();
    }
    divisionsLoadedAt = now();
  };

  const expander: SubtreeExpander = {
    departments: (id) => departments.get(id) ?? [id],
    divisions: (code) => divisions.get(code) ?? [code],
  };

  return {
    expander,
    /** Makes sure both maps are loaded and fresh enough; cheap when they are. */
    async ready(): Promise<SubtreeExpander> {
      if (!departmentsLoaded || now() - departmentsLoadedAt > DEPARTMENT_TTL_MS) {
        departmentsLoadedAt = now();
        departmentsLoaded = loadDepartments().catch((err: unknown) => {
          departmentsLoaded = null;
          throw err;
        });
      }
      await departmentsLoaded;
      if (now() - divisionsLoadedAt > DIVISION_TTL_MS) {
        divisionsLoading ??= loadDivisions().finally(() => {
          divisionsLoading = null;
        });
        await divisionsLoading;
      }
      return expander;
    },
    invalidateDepartments() {
      departmentsLoaded = null;
    },
    invalidateDivisions() {
      divisionsLoadedAt = -Infinity;
    },
  };
}

export type SubtreeCache = ReturnType<typeof createSubtreeCache>;
