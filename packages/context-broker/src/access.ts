import { serviceKey, type ModuleContext, type Principal } from '@zhicheng/kernel';
import { NgsiError } from './errors.js';
import type { StoredEntity } from './model/types.js';
import { scopeCovers, type ReadScope } from './subscriptions/matcher.js';

/**
 * The part of identity's authorisation service the broker uses. The key is identity's own
 * (`identity.authorization`); it is declared structurally here so the broker does not load
 * identity's module graph, and test/authz-contract.test.ts checks at compile time that
 * identity's service satisfies it.
 */
export interface EntityAuthz {
  scopeFor(principal: Principal | null, permission: string): Promise<ReadScope | null>;
  sqlFilter(principal: Principal | null, permission: string, opts: { departmentColumn?: string; divisionColumn?: string; firstParam?: number }): Promise<{ sql: string; params: unknown[] }>;
}

export const entityAuthzKey = serviceKey<EntityAuthz>('identity.authorization');

export const READ = 'entities:read';
const ALL: ReadScope = { all: true, clauses: [] };
const NONE: ReadScope = { all: false, clauses: [] };

/** Short type name for `entities:write:<Type>` (the last segment of the IRI). */
export const shortType = (iri: string) => iri.slice(Math.max(iri.lastIndexOf('/'), iri.lastIndexOf('#'), iri.lastIndexOf(':')) + 1);

type Place = Pick<StoredEntity, 'departmentId' | 'divisionCode'>;

/** Scopes of one caller, fetched once per request and then checked without awaiting. */
export interface CallerAccess {
  principal: Principal | null;
  read: ReadScope;
  canRead(place: Place): boolean;
  /** Throws 403 unless the caller may write entities of these types at this place. */
  assertWrite(types: string[], place: Place): Promise<void>;
  /** Admins and the bootstrap key write everywhere: they may choose an entity's owner. */
  writesEverywhere: boolean;
}

export function createAccess(ctx: ModuleContext) {
  let warned = false;
  const authz = (): EntityAuthz | null => {
    const a = ctx.services.find(entityAuthzKey) ?? null;
    if (!a && !warned) {
      warned = true;
      ctx.log.warn('no authorisation service (identity) is installed: NGSI-LD access is checked at function level only');
    }
    return a;
  };
  const scope = async (p: Principal | null, perm: string): Promise<ReadScope> => {
    if (!p || !p.can(perm)) return NONE;
    const a = authz();
    if (!a) return ALL;
    return (await a.scopeFor(p, perm)) ?? NONE;
  };

  return {
    async forCaller(p: Principal | null): Promise<CallerAccess> {
      const read = await scope(p, READ);
      const general = await scope(p, 'entities:write');
      const wildcard = p?.can('entities:write:*') ? await scope(p, 'entities:write:*') : NONE;
      const typed = new Map<string, ReadScope>();
      return {
        principal: p, read,
        writesEverywhere: general.all || wildcard.all,
        canRead: (place) => scopeCovers(read, place),
        async assertWrite(types, place) {
          if (!p) throw new NgsiError('Forbidden', 'Writing entities needs a signed-in principal.');
          for (const t of types) {
            const name = shortType(t);
            let s = typed.get(name);
            if (!s) {
              // The typed permission (held directly or through entities:write:*) with its own scope, else the general one.
              s = p.can(`entities:write:${name}`) ? await scope(p, `entities:write:${name}`) : general;
              typed.set(name, s);
            }
            if (!s.all && !s.clauses.length) throw new NgsiError('Forbidden', `Writing entities of type ${name} needs the permission entities:write:${name}.`);
            if (!scopeCovers(s, place)) throw new NgsiError('Forbidden', `This ${name} is outside the departments or divisions you may write.`);
          }
        },
      };
    },

    /** WHERE fragment restricting `ngsi.entities` rows (alias e) to what the principal may read. */
    async readFilter(p: Principal | null, firstParam: number, alias = 'e'): Promise<{ sql: string; params: unknown[] }> {
      const a = authz();
      if (!a) return { sql: p?.can(READ) ? 'true' : 'false', params: [] };
      return a.sqlFilter(p, READ, { departmentColumn: `${alias}.department_id`, divisionColumn: `${alias}.division_code`, firstParam });
    },
  };
}

export type Access = ReturnType<typeof createAccess>;
