import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NgsiError } from '../errors.js';
import { printQ, type QNode, type QValue } from './q-ast.js';
import { parseQ, QParseError } from './q-parser.js';

const name = fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,6}$/).filter((s) => s !== 'true' && s !== 'false');
const value: fc.Arbitrary<QValue> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).map((v) => ({ t: 'number' as const, v: Object.is(v, -0) ? 0 : v })),
  fc.integer({ min: -1000, max: 1000 }).map((v) => ({ t: 'number' as const, v })),
  fc.string({ maxLength: 8 }).map((v) => ({ t: 'string' as const, v })),
  fc.boolean().map((v) => ({ t: 'bool' as const, v })),
  fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => ({ t: 'datetime' as const, v: d.toISOString() })),
  fc.constantFrom({ t: 'uri' as const, v: 'urn:ngsi-ld:Person:1' }, { t: 'uri' as const, v: 'https://example.org/a' }),
);
const path = fc.record({ attr: name, sub: fc.array(name, { maxLength: 2 }), compound: fc.array(name, { maxLength: 2 }) });
const leaf: fc.Arbitrary<QNode> = fc.oneof(
  fc.record({ kind: fc.constant('exists' as const), path, negated: fc.boolean() }),
  fc.record({ kind: fc.constant('cmp' as const), path, op: fc.constantFrom('==', '!=', '>', '>=', '<', '<=' as const), value }),
  fc.record({ kind: fc.constant('range' as const), path, op: fc.constantFrom('==', '!=' as const), lo: value, hi: value }),
  fc.record({ kind: fc.constant('list' as const), path, op: fc.constantFrom('==', '!=' as const), values: fc.array(value, { minLength: 2, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('pattern' as const), path, negated: fc.boolean(), regex: fc.constantFrom('^a.*', 'b[0-9]+', 'x|y', 'a;b', '\\(z\\)') }),
);
const tree: fc.Arbitrary<QNode> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.record({ kind: fc.constantFrom('and', 'or' as const), items: fc.array(tie('node') as fc.Arbitrary<QNode>, { minLength: 2, maxLength: 3 }) })),
})).node;

describe('q parser (clause 4.9)', () => {
  it('parses the spec examples', () => {
    expect(parseQ('temperature>20;humidity<=80')).toEqual({
      kind: 'and', items: [
        { kind: 'cmp', path: { attr: 'temperature', sub: [], compound: [] }, op: '>', value: { t: 'number', v: 20 } },
        { kind: 'cmp', path: { attr: 'humidity', sub: [], compound: [] }, op: '<=', value: { t: 'number', v: 80 } },
      ],
    });
    expect(parseQ('(a==1|b==2);c').kind).toBe('and');
    expect(parseQ('a==1..5')).toMatchObject({ kind: 'range', lo: { v: 1 }, hi: { v: 5 } });
    expect(parseQ('a=="x","y"')).toMatchObject({ kind: 'list', values: [{ v: 'x' }, { v: 'y' }] });
    expect(parseQ('address[city]=="成都"')).toMatchObject({ path: { attr: 'address', compound: ['city'] } });
    expect(parseQ('temperature.observedAt>=2018-08-07T12:00:00Z')).toMatchObject({ path: { sub: ['observedAt'] }, value: { t: 'datetime' } });
    expect(parseQ('name~=(?i)park')).toMatchObject({ kind: 'pattern', regex: '(?i)park' });
    expect(parseQ('!status')).toEqual({ kind: 'exists', path: { attr: 'status', sub: [], compound: [] }, negated: true });
    expect(parseQ('owner==urn:ngsi-ld:Person:1')).toMatchObject({ value: { t: 'uri', v: 'urn:ngsi-ld:Person:1' } });
  });

  it('rejects invalid queries with a typed 400 error', () => {
    for (const bad of ['', 'a==', '==1', 'a>"x', '(a==1', 'a==1)', 'a..b', 'a>1..2', 'a~=', 'a==1;', 'a b']) {
      expect(() => parseQ(bad), bad).toThrow(QParseError);
    }
    expect(() => parseQ(`${'('.repeat(40)}a${')'.repeat(40)}`)).toThrow(NgsiError);
  });

  it('round-trips: parse(print(tree)) equals tree, and print is a fixed point', () => {
    fc.assert(fc.property(tree, (t) => {
      const text = printQ(t);
      const back = parseQ(text);
      expect(printQ(back)).toBe(text);
      expect(parseQ(printQ(back))).toEqual(back);
    }), { numRuns: 500 });
  });

  it('never throws anything but NgsiError on arbitrary input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60, unit: fc.constantFrom(...'ab1.,;|()[]"=!<>~-:T \\'.split('')) }), (s) => {
      try {
        parseQ(s);
      } catch (err) {
        expect(err).toBeInstanceOf(NgsiError);
        expect((err as NgsiError).status === 400 || (err as NgsiError).status === 403).toBe(true);
      }
    }), { numRuns: 3000 });
  });
});
