/** The NGSI-LD query language (ETSI GS CIM 009 clause 4.9) as a tree. */
export type QValue =
  | { t: 'number'; v: number }
  | { t: 'string'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'datetime'; v: string }
  | { t: 'date'; v: string }
  | { t: 'time'; v: string }
  | { t: 'uri'; v: string };

export interface QPath {
  /** The attribute as written (compact name or IRI), then sub-attribute names or a member (observedAt…). */
  attr: string;
  sub: string[];
  /** Keys inside the compound value (`a[x.y]`). */
  compound: string[];
}

export type CmpOp = '==' | '!=' | '>' | '>=' | '<' | '<=';

export type QNode =
  | { kind: 'and' | 'or'; items: QNode[] }
  | { kind: 'exists'; path: QPath; negated: boolean }
  | { kind: 'cmp'; path: QPath; op: CmpOp; value: QValue }
  | { kind: 'range'; path: QPath; op: '==' | '!='; lo: QValue; hi: QValue }
  | { kind: 'list'; path: QPath; op: '==' | '!='; values: QValue[] }
  | { kind: 'pattern'; path: QPath; negated: boolean; regex: string };

/** Members of an attribute that a path may end in, instead of a sub-attribute. */
export const MEMBER_NAMES = new Set(['observedAt', 'createdAt', 'modifiedAt', 'unitCode', 'datasetId']);

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function printValue(v: QValue): string {
  switch (v.t) {
    case 'number':
      return Object.is(v.v, -0) ? '0' : String(v.v);
    case 'string':
      return quote(v.v);
    case 'bool':
      return String(v.v);
    default:
      return v.v;
  }
}

export function printPath(p: QPath): string {
  return [p.attr, ...p.sub].join('.') + (p.compound.length ? `[${p.compound.join('.')}]` : '');
}

/** Prints a tree back as q text that parses to the same tree. */
export function printQ(n: QNode): string {
  switch (n.kind) {
    case 'and':
    case 'or':
      return n.items.map((i) => (i.kind === 'and' || i.kind === 'or' ? `(${printQ(i)})` : printQ(i))).join(n.kind === 'and' ? ';' : '|');
    case 'exists':
      return `${n.negated ? '!' : ''}${printPath(n.path)}`;
    case 'cmp':
      return `${printPath(n.path)}${n.op}${printValue(n.value)}`;
    case 'range':
      return `${printPath(n.path)}${n.op}${printValue(n.lo)}..${printValue(n.hi)}`;
    case 'list':
      return `${printPath(n.path)}${n.op}${n.values.map(printValue).join(',')}`;
    case 'pattern':
      return `${printPath(n.path)}${n.negated ? '!~=' : '~='}${quote(n.regex)}`;
  }
}
