import type { Caller } from '../entities/entity-service.js';
import { loadEntities } from '../entities/entity-rows.js';
import type { Pipeline } from '../entities/pipeline.js';
import { badData, NgsiError } from '../errors.js';
import { checkName, isUri, normalizeAttribute } from '../model/normalize.js';
import type { Instance, StoredEntity } from '../model/types.js';
import type { Retention } from '../retention.js';
import type { Tenants } from '../tenants.js';
import { cellOf, historyKey, type HistoryPoint } from './history-writer.js';

/**
 * POST /temporal/entities and /temporal/entities/{id}/attrs: every instance given goes to the
 * history; the entity's latest state takes, per attribute and datasetId, the newest one.
 * Returns whether the entity was created.
 */
export async function writeTemporal(d: { pipeline: Pipeline; tenants: Tenants; retention: Retention }, caller: Caller, body: unknown, fixedId: string | null): Promise<boolean> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badData('A temporal entity must be a JSON object.');
  const b = body as Record<string, unknown>;
  const id = fixedId ?? b.id;
  if (!isUri(id)) throw badData('The temporal entity needs an id that is a URI.');
  if (fixedId && b.id !== undefined && b.id !== fixedId) throw badData('The body id differs from the URL.');
  const types = b.type === undefined ? [] : (Array.isArray(b.type) ? b.type : [b.type]).map((t) => caller.resolver.expand(String(t)));
  const now = new Date().toISOString();
  const attrs = new Map<string, Instance[]>();
  for (const [name, raw] of Object.entries(b)) {
    if (['id', 'type', '@context', 'scope', 'createdAt', 'modifiedAt'].includes(name)) continue;
    checkName(name);
    const iri = caller.resolver.expand(name);
    const list = (Array.isArray(raw) ? raw : [raw]).flatMap((x) => normalizeAttribute(name, iri, x, caller.resolver, { now }) ?? []);
    attrs.set(iri, list);
  }
  await d.tenants.ensure(caller.tenant);
  return d.pipeline.run(caller.tenant, async (tx) => {
    const cur = (await loadEntities(tx, caller.tenant, [id], true)).get(id) ?? null;
    if (cur && !caller.access.canRead(cur)) throw new NgsiError('ResourceNotFound', `Entity ${id} was not found.`);
    if (!cur && !types.length) throw badData('A new temporal entity needs a type.');
    if (fixedId && !cur) throw new NgsiError('ResourceNotFound', `Entity ${id} was not found.`);
    const after: StoredEntity = cur
      ? { ...cur, attrs: { ...cur.attrs }, datasets: cur.datasets ? { ...cur.datasets } : null, modifiedAt: now }
      : { id, types, scopes: null, attrs: {}, datasets: null, createdAt: now, modifiedAt: now, departmentId: null, divisionCode: null };
    if (!cur) {
      const o = caller.access.writesEverywhere ? caller.owner : undefined;
      after.departmentId = o?.departmentId ?? caller.access.principal?.departmentId ?? null;
      after.divisionCode = o?.divisionCode ?? null;
    }
    await caller.access.assertWrite(after.types, after);
    const ret = d.retention.forType(after.types[0]);
    const points: HistoryPoint[] = [];
    for (const [iri, list] of attrs) {
      for (const i of list) {
        const ts = i.observedAt ? Date.parse(i.observedAt) : Date.now();
        points.push({ tenant: caller.tenant, entityId: id, type: after.types[0] ?? '', ts, ret: ret.historyDays, rollupRet: ret.rollupDays, key: historyKey(iri, i.datasetId), cell: cellOf(i) });
        const newer = (prior: Instance | undefined) => !prior || (prior.observedAt ?? '') <= (i.observedAt ?? '');
        if (!i.datasetId) {
          if (newer(after.attrs[iri])) after.attrs[iri] = i;
        } else {
          const others = after.datasets?.[iri] ?? [];
          const prior = others.find((x) => x.datasetId === i.datasetId);
          if (newer(prior)) (after.datasets ??= {})[iri] = [...others.filter((x) => x.datasetId !== i.datasetId), i];
        }
      }
    }
    return { changes: [{ before: cur, after, changed: [...attrs.keys()] }], result: !cur, points };
  });
}
