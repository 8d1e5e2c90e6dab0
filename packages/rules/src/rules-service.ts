import { randomBytes } from 'node:crypto';
import { auditServiceKey } from '@zhicheng/audit';
import { badRequest, conflict, forbidden, notFound, serviceKey, type ModuleContext } from '@zhicheng/kernel';
import type { FastifyRequest } from 'fastify';
import { authzKey } from './authz.js';
import { compileRule, validateCondition, type CompiledRule } from './compile.js';
import { createRulesRepository, type RuleFilter } from './rules-repository.js';
import type { Rule, RuleDefinition, RuleVersion } from './rule-schemas.js';
import type { RuleKindPlugin } from './types.js';

export const RULE_CHANGED = 'rules.rule.changed';

export interface RuleChangedEvent {
  ruleId: string;
  version: number;
  change: 'created' | 'updated' | 'deleted';
}

export interface RulesService {
  /** Adds a condition kind (solution packs call this in `init`). */
  registerKind(plugin: RuleKindPlugin): void;
  kinds(): string[];
  compile(rule: Rule): CompiledRule;
  list(req: FastifyRequest, f: Omit<RuleFilter, 'scope'>): Promise<{ items: Rule[]; total: number }>;
  get(req: FastifyRequest | null, id: string): Promise<Rule>;
  versions(req: FastifyRequest, id: string): Promise<RuleVersion[]>;
  create(req: FastifyRequest | null, input: { id?: string; departmentId?: string | null; definition: RuleDefinition }): Promise<Rule>;
  update(req: FastifyRequest | null, id: string, expectedVersion: number, definition: RuleDefinition): Promise<Rule>;
  remove(req: FastifyRequest | null, id: string, expectedVersion?: number): Promise<void>;
  /** Checks a draft (schema of its kind, expressions compile); throws a 400 problem. */
  validate(definition: RuleDefinition): void;
}

export const rulesServiceKey = serviceKey<RulesService>('rules');

/**
 * Rules as versioned data. Every write is a new version row, audited, and announced on the
 * bus (`rules.rule.changed`) so every engine process reloads the rule without a restart.
 */
export function createRulesService(ctx: ModuleContext): RulesService {
  const plugins = new Map<string, RuleKindPlugin>();
  const lookup = (k: string) => plugins.get(k);
  const repo = createRulesRepository(ctx.db);
  const authz = () => ctx.services.find(authzKey);
  const audit = (req: FastifyRequest | null, action: string, id: string, detail: Record<string, unknown>) =>
    ctx.services.find(auditServiceKey)?.record({ action, outcome: 'success', objectType: 'rule', objectId: id, detail }, req ?? undefined);

  const visible = async (req: FastifyRequest | null, rule: Rule, permission: string) => {
    if (!req) return true; // internal callers (seeds, packs)
    const a = authz();
    if (!a) return false;
    return a.canAccess(req.principal, permission, { departmentId: rule.departmentId, divisionCode: rule.definition.divisionCode ?? ctx.config.ZC_REGION_CODE });
  };
  const announce = (e: RuleChangedEvent) => ctx.bus.publish(RULE_CHANGED, e);

  const service: RulesService = {
    registerKind(plugin) {
      if (plugins.has(plugin.kind) || ['threshold', 'rate', 'noData', 'geofence', 'composite', 'expression'].includes(plugin.kind)) {
        throw new Error(`Rule kind ${plugin.kind} is registered twice`);
      }
      plugins.set(plugin.kind, plugin);
    },
    kinds: () => ['threshold', 'rate', 'noData', 'geofence', 'composite', 'expression', ...plugins.keys()],
    compile: (rule) => compileRule(rule, lookup),
    validate(definition) {
      validateCondition(definition.condition, lookup);
      if (definition.schedule?.hours?.some((h) => h.from === h.to)) throw badRequest('ERR_RULES_INVALID_SCHEDULE', 'An hour range needs different from and to times.');
    },

    async list(req, f) {
      const a = authz();
      const scope = a ? await a.sqlFilter(req.principal, 'alarms:read', { departmentColumn: 'r.department_id', divisionColumn: 'r.scope_division_code', firstParam: 1 }) : { sql: 'false', params: [] };
      return repo.list({ ...f, scope, regionCode: ctx.config.ZC_REGION_CODE });
    },

    async get(req, id) {
      const rule = await repo.get(id);
      if (!rule || !(await visible(req, rule, 'alarms:read'))) throw notFound('ERR_RULES_NOT_FOUND', `Rule ${id} does not exist or is not yours to see.`);
      return rule;
    },

    async versions(req, id) {
      await service.get(req, id);
      return repo.versions(id);
    },

    async create(req, input) {
      service.validate(input.definition);
      const id = input.id ?? `rule_${randomBytes(8).toString('hex')}`;
      const departmentId = input.departmentId !== undefined ? input.departmentId : (req?.principal?.departmentId ?? null);
      const draft: Rule = { id, version: 0, departmentId, definition: input.definition, createdAt: '', updatedAt: '', updatedBy: null };
      if (!(await visible(req, draft, 'rules:manage'))) throw forbidden('ERR_RULES_OUT_OF_SCOPE', 'You may manage rules only for your own departments and divisions.');
      const rule = await ctx.db.transaction((tx) => createRulesRepository(tx).write({ id, departmentId, definition: input.definition }, 'created', req?.principal?.name ?? null, null));
      if (!rule) throw conflict('ERR_RULES_EXISTS', `Rule ${id} already exists.`);
      await audit(req, 'rules.rule.created', id, { version: rule.version, name: input.definition.name });
      await announce({ ruleId: id, version: rule.version, change: 'created' });
      return rule;
    },

    async update(req, id, expectedVersion, definition) {
      const current = await service.get(req, id);
      service.validate(definition);
      const next: Rule = { ...current, definition };
      if (!(await visible(req, current, 'rules:manage')) || !(await visible(req, next, 'rules:manage'))) {
        throw forbidden('ERR_RULES_OUT_OF_SCOPE', 'You may manage rules only for your own departments and divisions.');
      }
      const rule = await ctx.db.transaction((tx) => createRulesRepository(tx).write({ id, departmentId: current.departmentId, definition }, 'updated', req?.principal?.name ?? null, expectedVersion));
      if (!rule) throw conflict('ERR_RULES_VERSION_CONFLICT', `Rule ${id} is at version ${current.version}, not ${expectedVersion}; reload it and edit again.`);
      await audit(req, 'rules.rule.updated', id, { version: rule.version, from: expectedVersion });
      await announce({ ruleId: id, version: rule.version, change: 'updated' });
      return rule;
    },

    async remove(req, id, expectedVersion) {
      const current = await service.get(req, id);
      if (!(await visible(req, current, 'rules:manage'))) throw forbidden('ERR_RULES_OUT_OF_SCOPE', 'You may manage rules only for your own departments and divisions.');
      const definition = { ...current.definition, enabled: false };
      const rule = await ctx.db.transaction((tx) => createRulesRepository(tx).write({ id, departmentId: current.departmentId, definition }, 'deleted', req?.principal?.name ?? null, expectedVersion ?? current.version));
      if (!rule) throw conflict('ERR_RULES_VERSION_CONFLICT', `Rule ${id} changed meanwhile; reload it and try again.`);
      await audit(req, 'rules.rule.deleted', id, { version: rule.version });
      await announce({ ruleId: id, version: rule.version, change: 'deleted' });
    },
  };
  return service;
}
