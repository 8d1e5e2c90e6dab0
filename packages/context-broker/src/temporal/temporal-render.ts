import type { TermResolver } from '../context/term-map.js';
import type { Aggregates, HistoryInstance } from './temporal-query.js';
import type { TemporalParams } from './temporal-params.js';

const VALUE_MEMBER: Record<string, string> = { Relationship: 'object', ListRelationship: 'objectList', LanguageProperty: 'languageMap', VocabProperty: 'vocab', JsonProperty: 'json' };
const VALUES_MEMBER: Record<string, string> = { Relationship: 'objects', LanguageProperty: 'languageMaps', VocabProperty: 'vocabs', JsonProperty: 'jsons' };

export const splitKey = (key: string): { iri: string; datasetId?: string } => {
  const i = key.indexOf(' ');
  return i < 0 ? { iri: key } : { iri: key.slice(0, i), datasetId: key.slice(i + 1) };
};

/** One temporal entity (clause 4.5.7 ff.): normalized instances, temporalValues or aggregatedValues. */
export function renderTemporal(
  e: { id: string; types: string[] },
  keys: string[],
  instances: Map<string, HistoryInstance[]> | undefined,
  aggregates: Map<string, Aggregates> | undefined,
  r: TermResolver,
  p: TemporalParams,
): Record<string, unknown> {
  const out: Record<string, unknown> = { id: e.id, type: e.types.length === 1 ? r.compact(e.types[0]!) : e.types.map((t) => r.compact(t)) };
  const byAttr = new Map<string, unknown[]>();
  const add = (iri: string, v: unknown) => byAttr.set(iri, [...(byAttr.get(iri) ?? []), v]);
  for (const key of keys) {
    const { iri, datasetId } = splitKey(key);
    const ds = datasetId ? { datasetId } : {};
    if (p.format === 'aggregatedValues') {
      const a = aggregates?.get(key);
      if (a) add(iri, { type: 'Property', ...ds, ...a });
      continue;
    }
    const list = instances?.get(key);
    if (!list?.length) continue;
    // The time of an instance as the query's timeproperty names it.
    const at = (i: HistoryInstance) => (p.timeproperty === 'observedAt' ? i.ts : i.recorded).toISOString();
    if (p.format === 'temporalValues') {
      const kind = list[0]!.cell.k ?? 'Property';
      add(iri, { type: kind, ...ds, [VALUES_MEMBER[kind] ?? 'values']: list.map((i) => [i.cell.v, at(i)]) });
    } else {
      const sys = p.sysAttrs || p.timeproperty !== 'observedAt';
      for (const i of list) {
        const kind = i.cell.k ?? 'Property';
        const rec = i.recorded.toISOString();
        add(iri, {
          type: kind, [VALUE_MEMBER[kind] ?? 'value']: i.cell.v, observedAt: i.ts.toISOString(), ...(i.cell.u ? { unitCode: i.cell.u } : {}), ...ds,
          ...(sys ? { createdAt: rec, modifiedAt: rec } : {}),
        });
      }
    }
  }
  for (const [iri, vals] of byAttr) out[r.compact(iri)] = p.format === 'normalized' ? vals : vals.length === 1 ? vals[0] : vals;
  return out;
}
