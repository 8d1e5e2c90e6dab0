import type { ResolverCache } from '../context/term-map.js';
import { isGeometry } from '../model/geometry.js';
import { attributeNames, instancesOf, type StoredEntity } from '../model/types.js';
import { compileQ } from '../query/q-eval.js';
import { geoMatches, type GeoQuery } from '../query/geo-query.js';
import { parseQ } from '../query/q-parser.js';
import { DEFAULT_TRIGGERS, geoQueryOf, type NotificationTrigger, type StoredSubscription } from './subscription-model.js';

/** A read scope snapshot: all, or clauses of department ids and/or division codes (null = any). */
export interface ReadScope {
  all: boolean;
  clauses: { departmentIds: string[] | null; divisionCodes: string[] | null }[];
}

export const scopeCovers = (s: ReadScope, e: Pick<StoredEntity, 'departmentId' | 'divisionCode'>) =>
  s.all || s.clauses.some((c) => (c.departmentIds === null || (!!e.departmentId && c.departmentIds.includes(e.departmentId))) &&
    (c.divisionCodes === null || (!!e.divisionCode && c.divisionCodes.includes(e.divisionCode))));

/**
 * What happened to one entity (clause 5.2.12 notificationTrigger): created, deleted, or updated
 * with the attributes (IRIs) that were added, changed and removed.
 */
export type ChangeEvent =
  | { kind: 'created' }
  | { kind: 'deleted' }
  | { kind: 'updated'; created: string[]; updated: string[]; deleted: string[] };

interface Compiled {
  tenant: string;
  id: string;
  selectors: { id?: string; pattern?: RegExp; type?: string }[] | null;
  watched: Set<string> | null;
  triggers: Set<NotificationTrigger>;
  /** entityCreated or attributeCreated asked for (before entityUpdated is expanded). */
  hearsCreation: boolean;
  q: ((e: StoredEntity) => boolean) | null;
  geo: GeoQuery | null;
  expiresAt: number | null;
  scope: ReadScope;
}

export interface SubscriptionRecord {
  tenant: string;
  body: StoredSubscription;
  context: unknown;
  paused: boolean;
  expires_at: Date | string | null;
  read_scope: ReadScope;
}

/**
 * Active subscriptions compiled in memory and indexed by tenant and type, so a change is
 * tested only against the subscriptions that name its type (1,000 subscriptions cost a few
 * map lookups per change, not 1,000 evaluations).
 */
export function createMatcher(resolvers: ResolverCache) {
  let byTenantType = new Map<string, Map<string, Compiled[]>>();
  let byTenantId = new Map<string, Map<string, Compiled[]>>();
  let untyped = new Map<string, Compiled[]>();

  async function compile(rec: SubscriptionRecord): Promise<Compiled> {
    const s = rec.body;
    const r = await resolvers.get(rec.context);
    const triggers = new Set<NotificationTrigger>(s.notificationTrigger ?? DEFAULT_TRIGGERS);
    // A new entity's attributes are created with it: attributeCreated (in the default triggers)
    // hears a creation too, as Orion-LD and Scorpio do, so a default subscription sees new
    // entities; entityUpdated (below) does not, a creation is not an update.
    const hearsCreation = triggers.has('entityCreated') || triggers.has('attributeCreated');
    // entityUpdated is the three attribute triggers together.
    if (triggers.has('entityUpdated')) for (const t of ['attributeCreated', 'attributeUpdated', 'attributeDeleted'] as const) triggers.add(t);
    return {
      tenant: rec.tenant, id: s.id,
      selectors: s.entities?.map((x) => ({ ...(x.id ? { id: x.id } : {}), ...(x.idPattern ? { pattern: new RegExp(x.idPattern) } : {}), ...(x.type ? { type: x.type } : {}) })) ?? null,
      watched: s.watchedAttributes ? new Set(s.watchedAttributes) : null,
      triggers,
      hearsCreation,
      q: s.q ? compileQ(parseQ(s.q), r) : null,
      geo: geoQueryOf(s),
      expiresAt: rec.expires_at ? new Date(rec.expires_at).getTime() : null,
      scope: rec.read_scope,
    };
  }

  /** The entity-level filters: selectors, read scope, q and geoQ (not the change). */
  const selects = (c: Compiled, e: StoredEntity, now: number): boolean => {
    if (c.expiresAt !== null && c.expiresAt <= now) return false;
    if (c.selectors && !c.selectors.some((s) => (!s.type || e.types.includes(s.type)) && (!s.id || s.id === e.id) && (!s.pattern || s.pattern.test(e.id)))) return false;
    if (!scopeCovers(c.scope, e)) return false;
    if (c.q && !c.q(e)) return false;
    if (c.geo) {
      const g = instancesOf(e, c.geo.geoproperty)[0]?.value;
      if (!isGeometry(g) || !geoMatches(c.geo, g)) return false;
    }
    return true;
  };

  /** The attributes of this change the subscription's triggers listen to (empty = not triggered). */
  const triggered = (c: Compiled, e: StoredEntity, ev: ChangeEvent): string[] => {
    if (ev.kind === 'created') return c.hearsCreation ? attributeNames(e) : [];
    if (ev.kind === 'deleted') return c.triggers.has('entityDeleted') ? attributeNames(e) : [];
    return [
      ...(c.triggers.has('attributeCreated') ? ev.created : []),
      ...(c.triggers.has('attributeUpdated') ? ev.updated : []),
      ...(c.triggers.has('attributeDeleted') ? ev.deleted : []),
    ];
  };

  const matches = (c: Compiled, e: StoredEntity, ev: ChangeEvent, now: number): boolean => {
    if (ev.kind === 'created' && !c.hearsCreation) return false;
    if (ev.kind === 'deleted' && !c.triggers.has('entityDeleted')) return false;
    const names = triggered(c, e, ev);
    // An entity created or deleted without attributes still notifies when no attributes are watched.
    if (!names.length && (ev.kind === 'updated' || c.watched)) return false;
    if (c.watched && !names.some((a) => c.watched!.has(a))) return false;
    return selects(c, e, now);
  };

  function find(tenant: string, e: StoredEntity, ev: ChangeEvent, now: number): Compiled[] {
    const out = new Map<string, Compiled>();
    const typed = byTenantType.get(tenant);
    if (typed) for (const t of e.types) for (const c of typed.get(t) ?? []) if (!out.has(c.id) && matches(c, e, ev, now)) out.set(c.id, c);
    for (const c of byTenantId.get(tenant)?.get(e.id) ?? []) if (!out.has(c.id) && matches(c, e, ev, now)) out.set(c.id, c);
    for (const c of untyped.get(tenant) ?? []) if (!out.has(c.id) && matches(c, e, ev, now)) out.set(c.id, c);
    return [...out.values()];
  }

  return {
    /** Replaces the compiled set (after a load from the database). */
    async load(records: SubscriptionRecord[]): Promise<void> {
      const nextTyped = new Map<string, Map<string, Compiled[]>>();
      const nextById = new Map<string, Map<string, Compiled[]>>();
      const nextUntyped = new Map<string, Compiled[]>();
      for (const rec of records) {
        // Periodic subscriptions notify on their clock, never on changes.
        if (rec.paused || !rec.body.isActive || rec.body.timeInterval) continue;
        let c: Compiled;
        try {
          c = await compile(rec);
        } catch {
          continue; // a subscription whose context is gone cannot match; it shows no notifications.
        }
        // Subscriptions to named entities are found by id; those to types by type; the rest are tested on every change.
        if (c.selectors?.every((s) => s.id)) {
          let t = nextById.get(rec.tenant);
          if (!t) nextById.set(rec.tenant, (t = new Map()));
          for (const id of new Set(c.selectors.map((s) => s.id!))) t.set(id, [...(t.get(id) ?? []), c]);
          continue;
        }
        const types = c.selectors?.every((s) => s.type) ? [...new Set(c.selectors.map((s) => s.type!))] : null;
        if (!types) {
          nextUntyped.set(rec.tenant, [...(nextUntyped.get(rec.tenant) ?? []), c]);
          continue;
        }
        let t = nextTyped.get(rec.tenant);
        if (!t) nextTyped.set(rec.tenant, (t = new Map()));
        for (const ty of types) t.set(ty, [...(t.get(ty) ?? []), c]);
      }
      byTenantType = nextTyped;
      byTenantId = nextById;
      untyped = nextUntyped;
    },

    /**
     * Ids of subscriptions to notify for one change, for writers that know only the attributes
     * they wrote (the bulk ingestion path): an entity whose createdAt equals its modifiedAt was
     * created by this write, otherwise the attributes count as updated. `changed` = attribute
     * IRIs written (null = created).
     */
    match(tenant: string, e: StoredEntity, changed: string[] | null, now = Date.now()): string[] {
      const ev: ChangeEvent = changed === null || e.createdAt === e.modifiedAt ? { kind: 'created' } : { kind: 'updated', created: [], updated: changed, deleted: [] };
      return find(tenant, e, ev, now).map((c) => c.id);
    },

    /**
     * Subscriptions to notify for one change with its event (`e` is the entity after the
     * change, or before it when deleted), and which of them listen to attribute deletions.
     */
    matchEvent(tenant: string, e: StoredEntity, ev: ChangeEvent, now = Date.now()): { id: string; deletions: boolean }[] {
      return find(tenant, e, ev, now).map((c) => ({ id: c.id, deletions: c.triggers.has('attributeDeleted') }));
    },

    /** The entity filter of one subscription (periodic notifications test entities with it). */
    async filterOf(rec: SubscriptionRecord): Promise<(e: StoredEntity, now: number) => boolean> {
      const c = await compile(rec);
      return (e, now) => selects(c, e, now);
    },

    size(): number {
      let n = 0;
      for (const t of byTenantType.values()) for (const l of t.values()) n += l.length;
      for (const t of byTenantId.values()) for (const l of t.values()) n += l.length;
      for (const l of untyped.values()) n += l.length;
      return n;
    },
  };
}

export type Matcher = ReturnType<typeof createMatcher>;
