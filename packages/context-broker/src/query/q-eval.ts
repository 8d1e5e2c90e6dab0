import type { TermResolver } from '../context/term-map.js';
import type { Instance, StoredEntity } from '../model/types.js';
import { MEMBER_NAMES, type QNode, type QPath, type QValue } from './q-ast.js';
import { jsRegex } from './q-parser.js';
import { isoOf } from './q-to-sql.js';

/**
 * q evaluated in process against one entity, with the same semantics as `qToSql` (the
 * subscription matcher uses it on every change, where a database round trip per
 * subscription would cost too much). Compiled once per subscription.
 */
export function compileQ(node: QNode, r: TermResolver): (e: Pick<StoredEntity, 'attrs' | 'datasets'>) => boolean {
  const resolve = (path: QPath) => ({ attr: r.expand(path.attr), sub: path.sub.map((s) => (MEMBER_NAMES.has(s) ? s : r.expand(s))), compound: path.compound });

  const valueAt = (e: Pick<StoredEntity, 'attrs'>, path: ReturnType<typeof resolve>): unknown => {
    let a: unknown = e.attrs[path.attr];
    let member: string | null = null;
    for (const s of path.sub) {
      if (a === undefined || a === null) return undefined;
      if (MEMBER_NAMES.has(s)) {
        member = s;
        break;
      }
      a = (a as Record<string, unknown>)[s];
    }
    if (a === undefined || a === null) return undefined;
    const i = a as Instance;
    let v: unknown = member ? (i as Record<string, unknown>)[member] : valueOf(i);
    for (const k of path.compound) {
      if (!v || typeof v !== 'object') return undefined;
      v = (v as Record<string, unknown>)[k];
    }
    return v;
  };

  const literal = (v: QValue): unknown => (v.t === 'datetime' ? isoOf(v.v) : v.v);
  const contains = (have: unknown, want: unknown): boolean => {
    if (Array.isArray(have)) return have.some((h) => contains(h, want));
    if (typeof have === 'number' && typeof want === 'number') return have === want;
    return have === want;
  };
  const cmp = (have: unknown, want: unknown): number | null => {
    if (typeof have === 'number' && typeof want === 'number') return have - want;
    if (typeof have === 'string' && typeof want === 'string') return have < want ? -1 : have > want ? 1 : 0;
    return null;
  };

  const build = (n: QNode): ((e: Pick<StoredEntity, 'attrs' | 'datasets'>) => boolean) => {
    switch (n.kind) {
      case 'and': {
        const fs = n.items.map(build);
        return (e) => fs.every((f) => f(e));
      }
      case 'or': {
        const fs = n.items.map(build);
        return (e) => fs.some((f) => f(e));
      }
      case 'exists': {
        const path = resolve(n.path);
        const top = path.sub.length === 0 && path.compound.length === 0;
        return (e) => {
          const has = top ? e.attrs[path.attr] !== undefined || e.datasets?.[path.attr] !== undefined : valueAt(e, path) !== undefined;
          return n.negated ? !has : has;
        };
      }
      case 'cmp': {
        const path = resolve(n.path);
        const want = literal(n.value);
        return (e) => {
          const have = valueAt(e, path);
          if (have === undefined) return false;
          if (n.op === '==') return contains(have, want);
          if (n.op === '!=') return !contains(have, want);
          const c = cmp(have, want);
          if (c === null) return false;
          return n.op === '>' ? c > 0 : n.op === '>=' ? c >= 0 : n.op === '<' ? c < 0 : c <= 0;
        };
      }
      case 'range': {
        const path = resolve(n.path);
        const lo = literal(n.lo);
        const hi = literal(n.hi);
        return (e) => {
          const have = valueAt(e, path);
          if (have === undefined) return false;
          const a = cmp(have, lo);
          const b = cmp(have, hi);
          const inRange = a !== null && b !== null && a >= 0 && b <= 0;
          return n.op === '==' ? inRange : !inRange;
        };
      }
      case 'list': {
        const path = resolve(n.path);
        const wants = n.values.map(literal);
        return (e) => {
          const have = valueAt(e, path);
          if (have === undefined) return false;
          const any = wants.some((w) => contains(have, w));
          return n.op === '==' ? any : !any;
        };
      }
      case 'pattern': {
        const path = resolve(n.path);
        const re = jsRegex(n.regex);
        return (e) => {
          const have = valueAt(e, path);
          if (have === undefined) return false;
          const m = typeof have === 'string' && re.test(have);
          return n.negated ? !m : m;
        };
      }
    }
  };
  return build(node);
}

function valueOf(i: Instance): unknown {
  const v = i.value ?? i.object ?? i.vocab ?? i.json;
  if (v && typeof v === 'object' && !Array.isArray(v) && '@value' in v) return (v as { '@value': unknown })['@value'];
  return v;
}
