import { AppError } from '@zhicheng/kernel';
import { RuleEngine } from './engine.js';
import type { HistorySource } from './history-source.js';
import type { Rule, RuleDefinition } from './rule-schemas.js';
import type { RulesService } from './rules-service.js';
import type { RuleSignal } from './types.js';

const MAX_UPDATES = 200_000;

export interface Firing {
  entityId: string;
  raisedAt: string;
  clearedAt: string | null;
  value: unknown;
}

/**
 * Evaluates a draft rule over the last `hours` of history in a private engine (nothing is
 * written, nothing is raised) and answers when it would have fired and cleared.
 */
export async function previewRule(rules: RulesService, history: HistorySource | undefined, definition: RuleDefinition, hours: number, nowMs: number) {
  if (!history) throw new AppError(503, 'ERR_RULES_NO_HISTORY', 'No history source is available (the data hub is not installed), so a preview cannot run.');
  rules.validate(definition);
  const to = new Date(nowMs);
  const from = new Date(nowMs - hours * 3600_000);
  const draft: Rule = { id: 'rule_preview', version: 0, departmentId: null, definition: { ...definition, enabled: true }, createdAt: to.toISOString(), updatedAt: to.toISOString(), updatedBy: null };
  const signals: RuleSignal[] = [];
  const engine = new RuleEngine({ emit: (s) => void signals.push(...s), now: () => nowMs });
  engine.setRules([rules.compile(draft)]);
  const updates = await history.history({ entityType: definition.entityType, attributes: [], from, to, ...(definition.entityIds ? { entityIds: definition.entityIds } : {}), limit: MAX_UPDATES + 1 });
  const truncated = updates.length > MAX_UPDATES;
  const used = truncated ? updates.slice(0, MAX_UPDATES) : updates;
  const timed = definition.condition.kind === 'noData';
  for (const e of timed ? await history.entities({ entityType: definition.entityType }) : []) engine.know(e);
  for (const u of used) {
    if (timed) await engine.tick(u.at);
    await engine.process([u]);
  }
  if (timed) await engine.tick(nowMs);
  const open = new Map<string, Firing>();
  const firings: Firing[] = [];
  for (const s of signals) {
    if (s.type === 'raise') {
      const f = { entityId: s.sourceId, raisedAt: s.at, clearedAt: null, value: s.value };
      open.set(s.sourceId, f);
      firings.push(f);
    } else if (s.type === 'clear') {
      const f = open.get(s.sourceId);
      if (f) {
        f.clearedAt = s.at;
        open.delete(s.sourceId);
      }
    }
  }
  return {
    from: from.toISOString(), to: to.toISOString(), points: used.reduce((n, u) => n + Object.keys(u.attributes).length, 0),
    entities: new Set(used.map((u) => u.entityId)).size, firings, truncated,
  };
}
