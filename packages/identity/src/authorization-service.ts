import type { AuditService } from '@zhicheng/audit';
import { notFound, serviceKey, type Principal } from '@zhicheng/kernel';
import { maskField, type MaskKind } from '@zhicheng/standards';
import type { FastifyRequest } from 'fastify';
import { isIdentityPrincipal, type IdentityPrincipal } from './principal.js';
import { scopeCovers, scopeOf, scopeSql, type ObjectPlace, type Scope, type SqlFilterOptions } from './scope.js';
import type { SubtreeCache } from './subtree-cache.js';

export interface MaskOptions<T> {
  /** Which fields are personal, and how each is masked: `{ name: 'name', phone: 'phone', idNumber: 'residentId' }`. */
  fields: Partial<Record<keyof T & string, MaskKind>>;
  objectType: string;
  objectId: string;
  /** Where the object lives; without it only an unscoped `pii:read` shows full values. */
  place?: ObjectPlace;
  req?: FastifyRequest;
}

/**
 * The one authorisation service: function level (`can`), object level (scopes as SQL or
 * checks) and field level (masking). Later modules get it with
 * `ctx.services.get(authorizationServiceKey)`.
 *
 * @example
 *   const f = await authz.sqlFilter(req.principal, 'alarms:read', { departmentColumn: 'a.department_id', divisionColumn: 'a.division_code', firstParam: 1 });
 *   const rows = await db.query(`select * from alarms.alarms a where ${f.sql} limit $${f.params.length + 1}`, [...f.params, limit]);
 */
export interface AuthorizationService {
  /** The identity principal of a request (null when anonymous or not one of ours). */
  principalOf(req: FastifyRequest): IdentityPrincipal | null;
  /** Where `principal` holds `permission`; null = nowhere. */
  scopeFor(principal: Principal | null, permission: string): Promise<Scope | null>;
  /** A WHERE fragment (`sql`, to AND in) and its parameters, numbered from `firstParam`. */
  sqlFilter(principal: Principal | null, permission: string, opts: SqlFilterOptions): Promise<{ sql: string; params: unknown[] }>;
  canAccess(principal: Principal | null, permission: string, place: ObjectPlace): Promise<boolean>;
  /** Throws a 404 problem (not 403: the caller must not learn that the object exists) unless accessible. */
  assertAccess(principal: Principal | null, permission: string, place: ObjectPlace, notFoundCode: string, what: string): Promise<void>;
  /** A copy with personal fields masked, or the full record when the viewer holds `pii:read` over it (audited as `pii.viewed`). */
  maskRecord<T extends Record<string, unknown>>(principal: Principal | null, record: T, opts: MaskOptions<T>): Promise<T>;
}

export const authorizationServiceKey = serviceKey<AuthorizationService>('identity.authorization');

export const PII_PERMISSION = 'pii:read';

function mask<T extends Record<string, unknown>>(record: T, fields: MaskOptions<T>['fields']): T {
  const out: Record<string, unknown> = { ...record };
  for (const [field, kind] of Object.entries(fields) as [string, MaskKind][]) {
    const v = out[field];
    if (v === null || v === undefined) continue;
    out[field] = maskField(kind, String(v));
  }
  return out as T;
}

export function createAuthorizationService(subtrees: SubtreeCache, getAudit: () => AuditService): AuthorizationService {
  const scopeFor = async (principal: Principal | null, permission: string) => {
    // Only identity principals carry scoped grants; anything else (a future device principal) gets no data scope here.
    if (!isIdentityPrincipal(principal) || !principal.can(permission)) return null;
    return scopeOf(principal.grants, permission, await subtrees.ready());
  };
  const service: AuthorizationService = {
    principalOf: (req) => (isIdentityPrincipal(req.principal) ? req.principal : null),
    scopeFor,
    async sqlFilter(principal, permission, opts) {
      return scopeSql(await scopeFor(principal, permission), opts);
    },
    async canAccess(principal, permission, place) {
      return scopeCovers(await scopeFor(principal, permission), place);
    },
    async assertAccess(principal, permission, place, code, what) {
      if (!(await service.canAccess(principal, permission, place))) throw notFound(code, `${what} does not exist or is not yours to see.`);
    },
    async maskRecord(principal, record, opts) {
      const scope = await scopeFor(principal, PII_PERMISSION);
      const full = opts.place ? scopeCovers(scope, opts.place) : !!scope?.all;
      const present = Object.keys(opts.fields).filter((f) => record[f] !== null && record[f] !== undefined).sort();
      if (!full || !present.length) return mask(record, opts.fields);
      const actor = { kind: principal!.kind, id: principal!.id, name: principal!.name, departmentId: principal!.departmentId };
      await getAudit().record({ action: 'pii.viewed', outcome: 'success', actor, objectType: opts.objectType, objectId: opts.objectId, detail: { fields: present } }, opts.req);
      return { ...record };
    },
  };
  return service;
}
