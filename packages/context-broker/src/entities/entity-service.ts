import type { CallerAccess } from '../access.js';
import type { TermResolver } from '../context/term-map.js';
import { badData, NgsiError, notFound } from '../errors.js';
import { normalizeEntity, normalizeAttribute, checkName, type EntityInput } from '../model/normalize.js';
import { LOCATION_IRI, type Instance, type StoredEntity } from '../model/types.js';
import type { Tenants } from '../tenants.js';
import { loadEntities } from './entity-rows.js';
import {
  opAppend, opCreate, opDeleteAttr, opMerge, opPatchAttr, opReplace, opReplaceAttr, opUpdate, type OpResult,
} from './operations.js';
import type { Change, Pipeline } from './pipeline.js';
import type { Places } from './places.js';

/** Who writes, in which tenant, with which context; `owner` is honoured only for callers who write everywhere. */
export interface Caller {
  tenant: string;
  access: CallerAccess;
  resolver: TermResolver;
  owner?: { departmentId?: string; divisionCode?: string };
}

export interface BatchResult {
  success: string[];
  errors: { entityId: string; error: { type: string; title: string; status: number; detail: string } }[];
}

export function createEntityService(d: { pipeline: Pipeline; tenants: Tenants; places: Places }) {
  const now = () => new Date().toISOString();

  async function place(caller: Caller, e: StoredEntity, prior: StoredEntity | null): Promise<void> {
    const chosen = caller.access.writesEverywhere ? caller.owner : undefined;
    e.departmentId = chosen?.departmentId ?? prior?.departmentId ?? caller.access.principal?.departmentId ?? null;
    const locationChanged = !prior || JSON.stringify(prior.attrs[LOCATION_IRI]?.value) !== JSON.stringify(e.attrs[LOCATION_IRI]?.value);
    e.divisionCode = chosen?.divisionCode ?? (locationChanged ? d.places.cached(e) ?? prior?.divisionCode ?? null : prior?.divisionCode ?? null);
  }

  /** Looks up the divisions of the locations a write brings, before its transaction. */
  async function warm(inputs: (EntityInput | { iri: string; list: Instance[] } | null)[]) {
    for (const x of inputs) {
      const loc = x && ('attrs' in x ? x.attrs.get(LOCATION_IRI) : x.iri === LOCATION_IRI ? x.list : null);
      const def = loc?.find((i) => !i.datasetId);
      if (def) await d.places.divisionOf({ attrs: { [LOCATION_IRI]: def } });
    }
  }

  /**
   * Runs decisions for several entities in one transaction: each entity's failure is its own
   * (reported, not thrown) unless `single`, when the first failure is the answer.
   */
  interface Item {
    caller: Caller;
    id: string;
    decide: (current: StoredEntity | null, index: number) => Promise<OpResult | null>;
  }
  type Outcome = { result: OpResult | null; error?: undefined } | { result?: undefined; error: NgsiError };

  /**
   * Runs decisions for several entities in one transaction (one tenant): each item's
   * NgsiError is its own outcome; any other error fails the transaction.
   */
  async function writeItems(tenant: string, items: Item[], batch: boolean): Promise<Outcome[]> {
    await d.tenants.ensure(tenant);
    return d.pipeline.run(tenant, async (tx) => {
      const current = await loadEntities(tx, tenant, [...new Set(items.map((i) => i.id))], true);
      const outcomes: Outcome[] = [];
      const changes: Change[] = [];
      for (const [index, { caller, id, decide }] of items.entries()) {
        try {
          const cur = current.get(id) ?? null;
          // Invisible entities are absent for this caller (404, never 403: no existence leak).
          if (cur && !caller.access.canRead(cur)) throw notFound(`Entity ${id} was not found.`);
          if (cur) await caller.access.assertWrite(cur.types, cur);
          const r = await decide(cur, index);
          if (r?.after) {
            await place(caller, r.after, cur);
            await caller.access.assertWrite(r.after.types, r.after);
          }
          outcomes.push({ result: r });
          if (r && (r.after || cur)) {
            changes.push({ before: cur, after: r.after, changed: r.changed });
            if (r.after) current.set(id, r.after);
            else current.delete(id);
          }
        } catch (err) {
          if (!(err instanceof NgsiError)) throw err;
          outcomes.push({ error: err });
        }
      }
      return { changes, result: outcomes };
    }, { batch });
  }

  async function write(caller: Caller, ids: string[], decide: (id: string, current: StoredEntity | null, index: number) => Promise<OpResult | null>, batch: boolean): Promise<{ results: Map<string, OpResult>; errors: Map<string, NgsiError> }> {
    const outcomes = await writeItems(caller.tenant, ids.map((id) => ({ caller, id, decide: (cur, index) => decide(id, cur, index) })), batch);
    const results = new Map<string, OpResult>();
    const errors = new Map<string, NgsiError>();
    outcomes.forEach((o, i) => {
      if (o.error) errors.set(ids[i]!, o.error);
      else if (o.result) results.set(ids[i]!, o.result);
    });
    return { results, errors };
  }

  /**
   * Group commit for single-entity operations: requests that arrive while a transaction is
   * running are applied together in the next one (per tenant), each with its own outcome.
   * Under load this turns N transactions into one without delaying a lone request.
   */
  const queues = new Map<string, { item: Item; resolve(r: OpResult): void; reject(e: unknown): void }[]>();
  // Two groups in flight per tenant: one commits while the next is being applied (rows of one
  // entity in both are serialised by the row lock).
  const running = new Map<string, number>();
  const PARALLEL = 2;
  async function drain(tenant: string) {
    running.set(tenant, (running.get(tenant) ?? 0) + 1);
    try {
      for (;;) {
        const q = queues.get(tenant);
        if (!q?.length) break;
        const group = q.splice(0, 256);
        let outcomes: Outcome[] | null = null;
        try {
          outcomes = await writeItems(tenant, group.map((g) => g.item), false);
        } catch (err) {
          if (group.length === 1) {
            group[0]!.reject(err);
            continue;
          }
          // One item's database error must not fail the others: retry them one by one.
          for (const g of group) {
            try {
              const [o] = await writeItems(tenant, [g.item], false);
              if (o!.error) g.reject(o!.error);
              else g.resolve(o!.result!);
            } catch (e) {
              g.reject(e);
            }
          }
          continue;
        }
        outcomes.forEach((o, i) => (o.error ? group[i]!.reject(o.error) : group[i]!.resolve(o.result!)));
      }
    } finally {
      running.set(tenant, running.get(tenant)! - 1);
    }
  }

  const one = (caller: Caller, id: string, decide: (current: StoredEntity | null) => OpResult | Promise<OpResult>): Promise<OpResult> =>
    new Promise<OpResult>((resolve, reject) => {
      const q = queues.get(caller.tenant) ?? [];
      queues.set(caller.tenant, q);
      q.push({ item: { caller, id, decide: async (cur) => decide(cur) }, resolve, reject });
      if ((running.get(caller.tenant) ?? 0) < PARALLEL) void drain(caller.tenant);
    });

  const need = (cur: StoredEntity | null, id: string): StoredEntity => {
    if (!cur) throw notFound(`Entity ${id} was not found.`);
    return cur;
  };

  const input = (caller: Caller, body: unknown, o: { requireId: boolean; requireType: boolean; allowNull?: boolean }): EntityInput =>
    normalizeEntity(body, caller.resolver, { ...o, now: now() });
  const prepared = async (caller: Caller, id: string | null, body: unknown, o: { requireId: boolean; requireType: boolean; allowNull?: boolean }) => {
    const e = input(caller, body, o);
    if (id !== null) checkSameId(e, id);
    await warm([e]);
    return e;
  };

  const attrInput = (caller: Caller, name: string, body: unknown) => {
    checkName(name);
    const iri = caller.resolver.expand(name);
    const list = normalizeAttribute(name, iri, body, caller.resolver, { now: now() });
    return { iri, list: list! };
  };

  return {
    async create(caller: Caller, body: unknown): Promise<string> {
      const e = await prepared(caller, null, body, { requireId: true, requireType: true });
      await one(caller, e.id, (cur) => opCreate(cur, e, { departmentId: null, divisionCode: null }, now()));
      return e.id;
    },
    async replace(caller: Caller, id: string, body: unknown) {
      const e = await prepared(caller, id, body, { requireId: false, requireType: false });
      return one(caller, id, (cur) => opReplace(need(cur, id), e, now()));
    },
    async merge(caller: Caller, id: string, body: unknown) {
      const e = await prepared(caller, id, body, { requireId: false, requireType: false, allowNull: true });
      return one(caller, id, (cur) => opMerge(need(cur, id), e, now()));
    },
    async append(caller: Caller, id: string, body: unknown, noOverwrite: boolean) {
      const e = await prepared(caller, id, body, { requireId: false, requireType: false });
      return one(caller, id, (cur) => opAppend(need(cur, id), e, noOverwrite, now()));
    },
    async update(caller: Caller, id: string, body: unknown) {
      const e = await prepared(caller, id, body, { requireId: false, requireType: false });
      return one(caller, id, (cur) => opUpdate(need(cur, id), e, now()));
    },
    async patchAttr(caller: Caller, id: string, name: string, body: unknown) {
      const a = attrInput(caller, name, body);
      await warm([a]);
      return one(caller, id, (cur) => opPatchAttr(need(cur, id), a.iri, name, a.list, now()));
    },
    async replaceAttr(caller: Caller, id: string, name: string, body: unknown) {
      const a = attrInput(caller, name, body);
      await warm([a]);
      return one(caller, id, (cur) => opReplaceAttr(need(cur, id), a.iri, name, a.list, now()));
    },
    deleteAttr(caller: Caller, id: string, name: string, datasetId: string | null, deleteAll: boolean) {
      checkName(name);
      const iri = caller.resolver.expand(name);
      return one(caller, id, (cur) => opDeleteAttr(need(cur, id), iri, name, datasetId, deleteAll, now()));
    },
    delete: (caller: Caller, id: string) => one(caller, id, (cur) => {
      need(cur, id);
      return { after: null, changed: null };
    }),

    /** entityOperations/{create,upsert,update,merge,delete}: per-entity outcomes, one transaction. */
    async batch(caller: Caller, op: 'create' | 'upsert' | 'update' | 'merge' | 'delete', bodies: unknown, opts: { replace?: boolean; noOverwrite?: boolean }): Promise<BatchResult> {
      if (!Array.isArray(bodies)) throw badData('The body of a batch operation must be a JSON array.');
      if (bodies.length > 1000) throw new NgsiError('TooManyResults', 'A batch holds at most 1000 entities.');
      const out: BatchResult = { success: [], errors: [] };
      const inputs = new Map<string, EntityInput[]>();
      const ids: string[] = [];
      const byIndex: EntityInput[] = [];
      for (const b of bodies) {
        try {
          if (op === 'delete') {
            if (typeof b !== 'string' || !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(b)) throw badData('Batch delete takes a list of entity ids.');
            ids.push(b);
            continue;
          }
          const e = input(caller, b, { requireId: true, requireType: op === 'create' || op === 'upsert', allowNull: op === 'merge' });
          inputs.set(e.id, [...(inputs.get(e.id) ?? []), e]);
          ids.push(e.id);
          byIndex.push(e);
        } catch (err) {
          if (!(err instanceof NgsiError)) throw err;
          const id = (b as { id?: unknown })?.id;
          out.errors.push({ entityId: typeof id === 'string' ? id : typeof b === 'string' ? b : '', error: err.toProblem() });
        }
      }
      // An owner's division, when given, is the entity's: no need to locate it.
      if (!(caller.access.writesEverywhere && caller.owner?.divisionCode)) await warm([...inputs.values()].flat());
      // The work may run twice (a retry after creating partitions): inputs are taken by position.
      const { results, errors } = await write(caller, ids, async (id, cur, index) => {
        if (op === 'delete') {
          need(cur, id);
          return { after: null, changed: null };
        }
        const e = byIndex[index]!;
        const t = now();
        switch (op) {
          case 'create':
            return opCreate(cur, e, { departmentId: null, divisionCode: null }, t);
          case 'upsert':
            if (!cur) return opCreate(null, e, { departmentId: null, divisionCode: null }, t);
            return opts.replace === false ? opAppend(cur, e, false, t) : opReplace(cur, e, t);
          case 'update':
            return opAppend(need(cur, id), e, opts.noOverwrite ?? false, t);
          case 'merge':
            return opMerge(need(cur, id), e, t);
        }
      }, true);
      for (const id of ids) {
        const err = errors.get(id);
        if (err) out.errors.push({ entityId: id, error: err.toProblem() });
        else if (results.has(id) && !out.success.includes(id)) out.success.push(id);
      }
      return out;
    },

    /** Reads entities the caller can see; invisible ones are absent. */
    async load(caller: Pick<Caller, 'tenant' | 'access'>, ids: string[], q: Parameters<typeof loadEntities>[0]): Promise<Map<string, StoredEntity>> {
      const found = await loadEntities(q, caller.tenant, ids, false);
      for (const [id, e] of found) if (!caller.access.canRead(e)) found.delete(id);
      return found;
    },
  };
}

function checkSameId(e: EntityInput, id: string): EntityInput {
  if (e.id && e.id !== id) throw badData(`The body's id ${e.id} differs from the entity ${id} in the URL.`);
  return e;
}

export type EntityService = ReturnType<typeof createEntityService>;
