import type { TermResolver } from '../context/term-map.js';
import { badData } from '../errors.js';
import type { RenderOptions } from '../model/render.js';

const list = (v: unknown): string[] | null => (v === undefined || v === '' ? null : String(v).split(',').map((s) => s.trim()).filter(Boolean));

/** attrs / pick / omit → which members an answer keeps (pick and omit together are an error). */
export function projection(query: Record<string, unknown>, r: TermResolver): Pick<RenderOptions, 'attrs' | 'omitId' | 'omitType'> & { filterAttrs: string[] | null } {
  const attrs = list(query.attrs);
  const pick = list(query.pick);
  const omit = list(query.omit);
  if (pick && omit) throw badData('pick and omit cannot be used together.');
  let keep: Set<string> | null = attrs ? new Set(attrs.map((a) => r.expand(a))) : null;
  let omitId = false;
  let omitType = false;
  if (pick) {
    const names = pick.filter((p) => p !== 'id' && p !== 'type');
    omitId = !pick.includes('id');
    omitType = !pick.includes('type');
    const picked = new Set(names.map((a) => r.expand(a)));
    keep = keep ? new Set([...keep].filter((k) => picked.has(k))) : picked;
  }
  if (omit) {
    omitId = omit.includes('id');
    omitType = omit.includes('type');
    const dropped = new Set(omit.filter((p) => p !== 'id' && p !== 'type').map((a) => r.expand(a)));
    const prior = keep;
    if (dropped.size) keep = { has: (k: string) => (prior ? prior.has(k) : true) && !dropped.has(k) } as Set<string>;
  }
  return { attrs: keep, omitId, omitType, filterAttrs: attrs ? attrs.map((a) => r.expand(a)) : null };
}
