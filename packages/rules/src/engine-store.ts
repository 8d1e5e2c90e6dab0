import { parentOfCode } from '@zhicheng/geo';
import type { CompiledRule, RuleEntityState } from './compile.js';

export interface KnownEntity {
  type: string;
  departmentId: string | null;
  divisionCode: string | null;
  /** Latest values of all attributes, kept only for types whose rules need them. */
  attrs: Record<string, unknown> | null;
}

export interface StateRow {
  ruleId: string;
  entityId: string;
  state: RuleEntityState;
}

export const GROUP_PREFIX = 'division:';

/** The engine's memory: state per (rule, entity), the entities it knows, and division ancestry for scopes. */
export class EngineStore {
  readonly states = new Map<string, Map<string, RuleEntityState>>();
  readonly entities = new Map<string, KnownEntity>();
  readonly #ancestors = new Map<string, Set<string>>();

  of(ruleId: string): Map<string, RuleEntityState> {
    let m = this.states.get(ruleId);
    if (!m) this.states.set(ruleId, (m = new Map()));
    return m;
  }

  state(ruleId: string, entityId: string, at: number): RuleEntityState {
    const m = this.of(ruleId);
    let st = m.get(entityId);
    if (!st) m.set(entityId, (st = { active: false, pendingSince: null, lastAt: at, lastValue: null }));
    return st;
  }

  know(e: { entityId: string; entityType: string; departmentId: string | null; divisionCode: string | null }): void {
    if (!this.entities.has(e.entityId)) this.entities.set(e.entityId, { type: e.entityType, departmentId: e.departmentId, divisionCode: e.divisionCode, attrs: null });
  }

  /** Whether an entity is among the rule's entities and inside its division subtree. */
  inScope(r: CompiledRule, entityId: string, divisionCode: string | null): boolean {
    if (r.entityIds && !r.entityIds.has(entityId)) return false;
    if (!r.divisionCode) return true;
    if (!divisionCode) return false;
    let set = this.#ancestors.get(divisionCode);
    if (!set) {
      set = new Set();
      for (let c: string | null = divisionCode; c; c = parentOfCode(c)) set.add(c);
      this.#ancestors.set(divisionCode, set);
    }
    return set.has(r.divisionCode);
  }

  export(onlyDirty: boolean): StateRow[] {
    const rows: StateRow[] = [];
    for (const [ruleId, m] of this.states) {
      for (const [entityId, st] of m) {
        const s = st as RuleEntityState & { dirty?: boolean };
        if (onlyDirty && !s.dirty) continue;
        s.dirty = false;
        const { dirty: _d, ...state } = s;
        rows.push({ ruleId, entityId, state });
      }
    }
    return rows;
  }

  import(rows: StateRow[], rule: (id: string) => CompiledRule | undefined): void {
    for (const { ruleId, entityId, state } of rows) {
      const r = rule(ruleId);
      if (!r) continue;
      this.of(ruleId).set(entityId, { ...state });
      if (!entityId.startsWith(GROUP_PREFIX)) this.know({ entityId, entityType: r.entityType, departmentId: state.departmentId ?? null, divisionCode: state.divisionCode ?? null });
    }
  }
}
