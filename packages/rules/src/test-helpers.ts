import { defineModule, type Principal } from '@zhicheng/kernel';
import { authzKey, type ScopedAuthz } from './authz.js';
import { compileRule } from './compile.js';
import { historySourceKey, type EntitySummary, type HistorySource } from './history-source.js';
import { RuleEngine } from './engine.js';
import type { Rule, RuleDefinition } from './rule-schemas.js';
import type { EntityUpdate, RuleKindPlugin, RuleSignal } from './types.js';

/** Builders shared by the unit tests of the engine and of packs' rule kinds. */
export function ruleOf(id: string, definition: Partial<RuleDefinition> & Pick<RuleDefinition, 'condition'>, version = 1): Rule {
  return {
    id, version, departmentId: 'dept-env', createdAt: '', updatedAt: '', updatedBy: null,
    definition: { name: id, enabled: true, severity: 'major', entityType: 'AirQualityObserved', ...definition },
  };
}

export function engineWith(rules: Rule[], opts: { plugins?: RuleKindPlugin[]; now?: () => number } = {}) {
  const signals: RuleSignal[] = [];
  const lookup = (k: string) => opts.plugins?.find((p) => p.kind === k);
  const engine = new RuleEngine({ emit: (s) => void signals.push(...s), ...(opts.now ? { now: opts.now } : {}) });
  engine.setRules(rules.map((r) => compileRule(r, lookup)));
  return { engine, signals, compile: (r: Rule) => compileRule(r, lookup) };
}

export const T0 = Date.parse('2026-05-01T00:00:00Z');
export const minutes = (n: number) => n * 60_000;

export function point(entityId: string, atMs: number, attributes: Record<string, unknown>, extra: Partial<EntityUpdate> = {}): EntityUpdate {
  return { entityId, entityType: 'AirQualityObserved', departmentId: 'dept-env', divisionCode: '513401', location: null, at: atMs, attributes, ...extra };
}

/** Only the transitions, as `type@minute:source` strings relative to T0. */
export const transitions = (signals: RuleSignal[], t0 = T0) =>
  signals.filter((s) => s.type !== 'refresh').map((s) => `${s.type}@${(Date.parse(s.at) - t0) / 60_000}:${s.sourceId}`);

/**
 * A stand-in for the identity package's authorisation service in API tests: user names map
 * to a division scope (`{ 'xichang-officer': '513401' }`); everyone else sees everything.
 */
export function testAuthzModule(scopes: Record<string, string> = {}) {
  const scopeOf = (p: Principal | null) => (p ? scopes[p.name] ?? null : undefined);
  const authz: ScopedAuthz = {
    async sqlFilter(principal, _permission, opts) {
      const s = scopeOf(principal);
      if (s === undefined) return { sql: 'false', params: [] };
      if (s === null) return { sql: 'true', params: [] };
      if (!opts.divisionColumn) return { sql: 'false', params: [] };
      return { sql: `(${opts.divisionColumn} like $${opts.firstParam ?? 1} || '%')`, params: [s] };
    },
    async canAccess(principal, _permission, place) {
      const s = scopeOf(principal);
      if (s === undefined) return false;
      return s === null || !!place.divisionCode?.startsWith(s);
    },
  };
  return defineModule({ name: 'test-authz', init: (ctx) => ctx.services.provide(authzKey, authz) });
}

/** Lets the memory bus, the engine and batched writers finish what was published. */
export async function settle(...idle: (() => Promise<void>)[]): Promise<void> {
  for (let i = 0; i < 6; i++) {
    await new Promise((r) => setImmediate(r));
    for (const f of idle) await f();
  }
}

/** An in-memory history source (the data hub's stand-in in tests). */
export function memoryHistory(updates: EntityUpdate[]): HistorySource & { updates: EntityUpdate[] } {
  return {
    updates,
    async history(q) {
      const out = updates
        .filter((u) => u.entityType === q.entityType && u.at >= q.from.getTime() && u.at <= q.to.getTime() && (!q.entityIds || q.entityIds.includes(u.entityId)))
        .sort((a, b) => a.at - b.at);
      return q.limit ? out.slice(0, q.limit) : out;
    },
    async entities(q) {
      const latest = new Map<string, EntitySummary>();
      for (const u of [...updates].sort((a, b) => a.at - b.at)) {
        if (u.entityType !== q.entityType) continue;
        const prev = latest.get(u.entityId);
        latest.set(u.entityId, { entityId: u.entityId, entityType: u.entityType, departmentId: u.departmentId, divisionCode: u.divisionCode, location: u.location, attributes: { ...(prev?.attributes ?? {}), ...u.attributes }, observedAt: u.at });
      }
      return [...latest.values()];
    },
  };
}

export const historyModule = (source: HistorySource) => defineModule({ name: 'test-history', init: (ctx) => ctx.services.provide(historySourceKey, source) });
