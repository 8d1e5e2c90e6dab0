import type { TermResolver } from '../context/term-map.js';
import { badData, NgsiError } from '../errors.js';

/** Entity type selection (clause 4.17): `,` or `|` = OR, `;` = AND, parentheses group. */
export type TypeNode = { kind: 'type'; name: string } | { kind: 'and' | 'or'; items: TypeNode[] };

const NAME = /[^\s,;|()]+/y;

export function parseTypeSelector(text: string): TypeNode {
  if (!text) throw badData('type is empty.');
  if (text.length > 2048) throw new NgsiError('TooComplexQuery', 'The type selection is too long.');
  let pos = 0;
  const peek = (c: string) => text[pos] === c;
  const group = (depth: number): TypeNode => {
    if (depth > 10) throw new NgsiError('TooComplexQuery', 'The type selection nests too deeply.');
    if (peek('(')) {
      pos++;
      const n = or(depth + 1);
      if (!peek(')')) throw badData(`Invalid type selection at ${pos}: expected ).`);
      pos++;
      return n;
    }
    NAME.lastIndex = pos;
    const m = NAME.exec(text);
    if (!m) throw badData(`Invalid type selection at ${pos}: expected a type name.`);
    pos = NAME.lastIndex;
    return { kind: 'type', name: m[0] };
  };
  const and = (depth: number): TypeNode => {
    const items = [group(depth)];
    while (peek(';')) {
      pos++;
      items.push(group(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  function or(depth: number): TypeNode {
    const items = [and(depth)];
    while (peek(',') || peek('|')) {
      pos++;
      items.push(and(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }
  const tree = or(0);
  if (pos !== text.length) throw badData(`Invalid type selection at ${pos}.`);
  return tree;
}

/** SQL over `<alias>.types` (GIN-indexed); a plain OR list becomes one `&&`. */
export function typeSelectorSql(n: TypeNode, r: TermResolver, params: unknown[], alias = 'e'): string {
  if (n.kind === 'type') return `${alias}.types @> array[$${params.push(r.expand(n.name))}::text]`;
  if (n.kind === 'or' && n.items.every((i) => i.kind === 'type')) {
    return `${alias}.types && $${params.push(n.items.map((i) => r.expand((i as { name: string }).name)))}::text[]`;
  }
  return `(${n.items.map((i) => typeSelectorSql(i, r, params, alias)).join(n.kind === 'and' ? ' and ' : ' or ')})`;
}

export function typeSelectorMatches(n: TypeNode, types: readonly string[], r: TermResolver): boolean {
  if (n.kind === 'type') return types.includes(r.expand(n.name));
  return n.kind === 'and' ? n.items.every((i) => typeSelectorMatches(i, types, r)) : n.items.some((i) => typeSelectorMatches(i, types, r));
}

/** The plain type names mentioned (for `entities:write:<Type>`-style checks and type listings). */
export function typeNames(n: TypeNode): string[] {
  return n.kind === 'type' ? [n.name] : n.items.flatMap(typeNames);
}

/** scopeQ (clause 4.19): `/a/b` exact, `/a/#` subtree, `/a/+` children, `,` OR, `;` AND. */
export function scopeQSql(text: string, params: unknown[], alias = 'e'): string {
  if (!/^[/A-Za-z0-9_#+\-,;()]+$/.test(text) || text.length > 1024) throw badData('Invalid scopeQ.');
  const term = (t: string): string => {
    if (!t.startsWith('/')) throw badData(`Invalid scopeQ term ${t}.`);
    if (t === '/#') return `(${alias}.scopes is not null and cardinality(${alias}.scopes) > 0)`;
    if (t.endsWith('/#')) {
      const base = t.slice(0, -2);
      return `exists (select 1 from unnest(${alias}.scopes) s where s = $${params.push(base)} or starts_with(s, $${params.push(`${base}/`)}))`;
    }
    if (t.endsWith('/+')) {
      const base = t.slice(0, -2);
      return `exists (select 1 from unnest(${alias}.scopes) s where starts_with(s, $${params.push(`${base}/`)}) and strpos(substr(s, $${params.push(base.length + 2)}), '/') = 0)`;
    }
    return `$${params.push(t)} = any(${alias}.scopes)`;
  };
  const ors = text.replace(/[()]/g, '').split(',').map((o) => `(${o.split(';').map(term).join(' and ')})`);
  return `(${ors.join(' or ')})`;
}
