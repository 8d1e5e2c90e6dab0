import { Type } from '@sinclair/typebox';
import type { HttpApp, ModuleContext } from '@zhicheng/kernel';
import { historySourceKey } from './history-source.js';
import { previewRule } from './preview.js';
import {
  CreateRuleBody, ListRulesQuery, PreviewBody, PreviewResult, Rule, RuleList, RulesHealth, RuleVersion, UpdateRuleBody,
} from './rule-schemas.js';
import type { RulesService } from './rules-service.js';
import type { RulesRuntime } from './rules-runtime.js';

const Id = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** How long the oldest update may wait before the engine counts as lagging / stalled. */
const LAGGING_MS = 2_000;
const STALLED_MS = 30_000;

export function rulesHealth(runtime: RulesRuntime | null, hasHistory: boolean) {
  const engine = runtime?.engine;
  const q = engine?.queueStats() ?? { depth: 0, oldestWaitingMs: 0 };
  const status = !runtime?.started ? 'stopped' as const : q.oldestWaitingMs > STALLED_MS ? 'stalled' as const : q.oldestWaitingMs > LAGGING_MS ? 'lagging' as const : 'ok' as const;
  return {
    status, rulesLoaded: engine?.index.size ?? 0, queueDepth: q.depth, lagMs: q.oldestWaitingMs,
    lastProcessedAt: engine?.stats.lastProcessedAt ? new Date(engine.stats.lastProcessedAt).toISOString() : null,
    pointsProcessed: engine?.stats.pointsProcessed ?? 0, signalsEmitted: engine?.stats.signalsEmitted ?? 0,
    lastSnapshotAt: runtime?.lastSnapshotAt?.toISOString() ?? null, historySource: hasHistory,
    errors: [...(engine?.stats.errors ?? new Map<string, { count: number; lastError: string; lastAt: number }>())].map(([ruleId, e]) => ({ ruleId, count: e.count, lastError: e.lastError, lastAt: new Date(e.lastAt).toISOString() })),
  };
}

export function rulesRoutes(app: HttpApp, ctx: ModuleContext, rules: RulesService, runtime: () => RulesRuntime | null, now: () => number) {
  const tags = ['rules'];

  app.get('/api/v1/rules', {
    config: { permission: 'alarms:read' },
    schema: { tags, summary: 'Rules visible to the caller (current versions)', querystring: ListRulesQuery, response: { 200: RuleList } },
  }, (req) => rules.list(req, req.query));

  app.get('/api/v1/rules/health', {
    config: { permission: 'alarms:read' },
    schema: { tags, summary: 'Rule engine health: queue depth, lag, errors per rule', response: { 200: RulesHealth } },
  }, () => rulesHealth(runtime(), !!ctx.services.find(historySourceKey)));

  app.post('/api/v1/rules/preview', {
    config: { permission: 'rules:manage' },
    schema: { tags, summary: 'Evaluate a draft rule over recent history: when would it have fired?', body: PreviewBody, response: { 200: PreviewResult } },
  }, (req) => previewRule(rules, ctx.services.find(historySourceKey), req.body.definition, req.body.hours, now()));

  app.get('/api/v1/rules/:id', {
    config: { permission: 'alarms:read' },
    schema: { tags, summary: 'One rule (current version)', params: Id, response: { 200: Rule } },
  }, (req) => rules.get(req, req.params.id));

  app.get('/api/v1/rules/:id/versions', {
    config: { permission: 'alarms:read' },
    schema: { tags, summary: 'Every version of a rule, newest first', params: Id, response: { 200: Type.Object({ items: Type.Array(RuleVersion) }) } },
  }, async (req) => ({ items: await rules.versions(req, req.params.id) }));

  app.post('/api/v1/rules', {
    config: { permission: 'rules:manage' },
    schema: { tags, summary: 'Create a rule (version 1)', body: CreateRuleBody, response: { 201: Rule } },
  }, async (req, reply) => reply.status(201).send(await rules.create(req, req.body)));

  app.put('/api/v1/rules/:id', {
    config: { permission: 'rules:manage' },
    schema: { tags, summary: 'Edit a rule: writes a new version; takes effect without restart', params: Id, body: UpdateRuleBody, response: { 200: Rule } },
  }, (req) => rules.update(req, req.params.id, req.body.expectedVersion, req.body.definition));

  app.delete('/api/v1/rules/:id', {
    config: { permission: 'rules:manage' },
    schema: { tags, summary: 'Delete a rule (kept as a last, disabled version); its active alarms clear', params: Id, response: { 204: Type.Null() } },
  }, async (req, reply) => {
    await rules.remove(req, req.params.id);
    return reply.status(204).send(null);
  });
}
