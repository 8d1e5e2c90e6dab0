import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalRow, chainHash, GENESIS_HASH, type ChainedRow } from './canonical.js';

const row = (over: Partial<ChainedRow> = {}): ChainedRow => ({
  seq: 1, at: new Date('2026-03-01T08:00:00.123Z'), actorKind: 'user', actorId: 'usr_1', actorName: 'operator',
  departmentId: 'dept_513400_ioc', sourceIp: '10.0.0.1', action: 'auth.login', objectType: null, objectId: null,
  outcome: 'success', requestId: 'req-1', detail: '{}', ...over,
});

describe('canonical audit rows', () => {
  it('sorts keys at every level, so building order does not change the text', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: '凉山' } })).toBe('{"a":{"c":"凉山","d":[2,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });

  it('is independent of key order for any object', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
      const reversed = Object.fromEntries(Object.entries(obj).reverse());
      expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
    }));
  });

  it('keeps null and empty string apart, and fields cannot bleed into each other', () => {
    expect(canonicalRow(row({ objectType: null }))).not.toBe(canonicalRow(row({ objectType: '' })));
    // "a|b" + "" vs "a" + "|b": a separator-joined form would collide; the JSON array does not.
    expect(canonicalRow(row({ objectType: 'user', objectId: 'x' }))).not.toBe(canonicalRow(row({ objectType: 'userx', objectId: '' })));
  });

  it('changes the hash when any field or the previous hash changes', () => {
    const base = chainHash(GENESIS_HASH, row());
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    const variants: Partial<ChainedRow>[] = [
      { seq: 2 }, { at: new Date('2026-03-01T08:00:00.124Z') }, { actorKind: 'apiKey' }, { actorId: 'usr_2' }, { actorName: 'x' },
      { departmentId: null }, { sourceIp: '10.0.0.2' }, { action: 'auth.logout' }, { objectType: 'user' }, { objectId: 'u' },
      { outcome: 'failure' }, { requestId: null }, { detail: '{"a":1}' },
    ];
    for (const v of variants) expect(chainHash(GENESIS_HASH, row(v)), JSON.stringify(v)).not.toBe(base);
    expect(chainHash('f'.repeat(64), row())).not.toBe(base);
    expect(chainHash(GENESIS_HASH, row())).toBe(base);
  });
});
