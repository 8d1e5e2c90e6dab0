import { NgsiError } from '../errors.js';
import type { CmpOp, QNode, QPath, QValue } from './q-ast.js';

/**
 * A pattern as a JavaScript RegExp (the subscription matcher's side). PostgreSQL's leading
 * embedded options `(?i)` become the JavaScript flag; the database applies the pattern as given.
 */
export function jsRegex(pattern: string): RegExp {
  const m = /^\(\?([a-z]+)\)/.exec(pattern);
  if (m && /^[i]+$/.test(m[1]!)) return new RegExp(pattern.slice(m[0].length), 'i');
  return new RegExp(pattern);
}

/** A q that does not parse: always this error, never another exception (400 BadRequestData). */
export class QParseError extends NgsiError {
  constructor(message: string, readonly position: number) {
    super('BadRequestData', `Invalid q at position ${position}: ${message}`);
  }
}

const LIMITS = { length: 4096, terms: 100, depth: 16 };

const NAME = /[A-Za-z_@][A-Za-z0-9_:/#@-]*/y;
const DATETIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/y;
const DATE = /\d{4}-\d{2}-\d{2}(?![\d:T])/y;
const TIME = /\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?(?![\d-])/y;
const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
// A URI value may hold dots but not `..` (that is a range).
const URI = /[A-Za-z][A-Za-z0-9+.-]*:(?:[^\s;|()",.]|\.(?!\.))+/y;
const BOOL = /(true|false)(?![A-Za-z0-9_:])/y;
const OPS: CmpOp[] = ['==', '!=', '>=', '<=', '>', '<'];

/**
 * Recursive descent over the q grammar. AND (`;`) binds tighter than OR (`|`), parentheses
 * group; terms are `attr`, `!attr`, `attr<op>value`, ranges `a==1..5`, lists `a==1,2,3`,
 * patterns `a~="regex"` / `a!~=regex`, paths `a.b.c` and compound keys `a[x.y]`.
 */
export function parseQ(text: string): QNode {
  if (typeof text !== 'string' || text.length === 0) throw new QParseError('the query is empty', 0);
  if (text.length > LIMITS.length) throw new NgsiError('TooComplexQuery', `q is longer than ${LIMITS.length} characters.`);
  let pos = 0;
  let terms = 0;

  const fail = (msg: string): never => {
    throw new QParseError(msg, pos);
  };
  const match = (re: RegExp): string | null => {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return null;
    pos = re.lastIndex;
    return m[0];
  };
  const peek = (s: string) => text.startsWith(s, pos);

  const names = (stop: string): string[] => {
    const out: string[] = [];
    do {
      const n = match(NAME);
      if (n === null) fail(`expected a name before ${stop}`);
      out.push(n!);
    } while (peek('.') && !peek('..') && ++pos);
    return out;
  };

  const path = (): QPath => {
    const [attr, ...sub] = names('the operator');
    let compound: string[] = [];
    if (peek('[')) {
      pos++;
      compound = names(']');
      if (!peek(']')) fail('expected ]');
      pos++;
    }
    return { attr: attr!, sub, compound };
  };

  const quoted = (): string => {
    pos++;
    let out = '';
    while (pos < text.length) {
      const c = text[pos]!;
      if (c === '\\') {
        const next = text[pos + 1];
        if (next === undefined) fail('unfinished escape');
        out += next;
        pos += 2;
      } else if (c === '"') {
        pos++;
        return out;
      } else {
        out += c;
        pos++;
      }
    }
    return fail('unterminated string');
  };

  const value = (): QValue => {
    if (peek('"')) return { t: 'string', v: quoted() };
    let m = match(DATETIME);
    if (m !== null) {
      const d = new Date(/[Zz]|[+-]\d{2}:?\d{2}$/.test(m) ? m : `${m}Z`);
      if (Number.isNaN(d.getTime())) fail(`invalid date-time ${m}`);
      return { t: 'datetime', v: m };
    }
    if ((m = match(DATE)) !== null) return { t: 'date', v: m };
    if ((m = match(TIME)) !== null) return { t: 'time', v: m };
    if ((m = match(BOOL)) !== null) return { t: 'bool', v: m === 'true' };
    if ((m = match(URI)) !== null) return { t: 'uri', v: m };
    if ((m = match(NUMBER)) !== null) {
      const n = Number(m);
      if (!Number.isFinite(n)) fail(`number out of range ${m}`);
      return { t: 'number', v: n };
    }
    return fail('expected a value (number, "string", true/false, date-time or URI)');
  };

  const term = (): QNode => {
    if (++terms > LIMITS.terms) throw new NgsiError('TooComplexQuery', `q has more than ${LIMITS.terms} terms.`);
    if (peek('!') && !peek('!=') && !peek('!~=')) {
      pos++;
      return { kind: 'exists', path: path(), negated: true };
    }
    const p = path();
    if (peek('~=') || peek('!~=')) {
      const negated = peek('!');
      pos += negated ? 3 : 2;
      let regex: string;
      if (peek('"')) regex = quoted();
      else {
        // Unquoted: up to the next `;` or `|` or a `)` that closes an outer group (regex groups balance).
        const start = pos;
        let depth = 0;
        while (pos < text.length) {
          const ch = text[pos]!;
          if (ch === '\\') pos++;
          else if (ch === '(') depth++;
          else if (ch === ')' && depth-- === 0) break;
          else if (depth === 0 && (ch === ';' || ch === '|')) break;
          pos++;
        }
        pos = Math.min(pos, text.length);
        regex = text.slice(start, pos);
      }
      if (!regex) fail('empty pattern');
      try {
        jsRegex(regex);
      } catch {
        fail('invalid regular expression');
      }
      return { kind: 'pattern', path: p, negated, regex };
    }
    const op = OPS.find((o) => peek(o));
    if (!op) return { kind: 'exists', path: p, negated: false };
    pos += op.length;
    const first = value();
    if (peek('..')) {
      if (op !== '==' && op !== '!=') fail('a range needs == or !=');
      pos += 2;
      return { kind: 'range', path: p, op: op as '==' | '!=', lo: first, hi: value() };
    }
    if (peek(',')) {
      if (op !== '==' && op !== '!=') fail('a list needs == or !=');
      const values = [first];
      while (peek(',')) {
        pos++;
        values.push(value());
        if (values.length > LIMITS.terms) throw new NgsiError('TooComplexQuery', 'q has a list that is too long.');
      }
      return { kind: 'list', path: p, op: op as '==' | '!=', values };
    }
    return { kind: 'cmp', path: p, op, value: first };
  };

  const group = (depth: number): QNode => {
    if (depth > LIMITS.depth) throw new NgsiError('TooComplexQuery', `q nests deeper than ${LIMITS.depth} levels.`);
    if (peek('(')) {
      pos++;
      const inner = or(depth + 1);
      if (!peek(')')) fail('expected )');
      pos++;
      return inner;
    }
    return term();
  };

  const and = (depth: number): QNode => {
    const items = [group(depth)];
    while (peek(';')) {
      pos++;
      items.push(group(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };

  function or(depth: number): QNode {
    const items = [and(depth)];
    while (peek('|')) {
      pos++;
      items.push(and(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  let tree: QNode;
  try {
    tree = or(0);
  } catch (err) {
    if (err instanceof NgsiError) throw err;
    // A RangeError from a pathological input (stack) is still the caller's bad query.
    throw new QParseError((err as Error).message, pos);
  }
  if (pos !== text.length) fail(`unexpected "${text.slice(pos, pos + 10)}"`);
  return tree;
}
