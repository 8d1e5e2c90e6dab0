import { describe, expect, it } from 'vitest';
import { API_KEY_PREFIX, hashToken, newId, newToken, sameHash, SESSION_PREFIX } from './tokens.js';

describe('tokens', () => {
  it('are long, random and prefixed', () => {
    const t = newToken(SESSION_PREFIX);
    expect(t).toMatch(/^zcs_[A-Za-z0-9_-]{43}$/);
    expect(newToken(API_KEY_PREFIX)).toMatch(/^zck_/);
    expect(new Set(Array.from({ length: 100 }, () => newToken(SESSION_PREFIX))).size).toBe(100);
  });

  it('are stored as sha256 hex, never as given', () => {
    expect(hashToken('zcs_abc')).toMatch(/^[0-9a-f]{64}$/);
    // a known vector: sha256("abc")
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashToken('zcs_abc')).not.toBe(hashToken('zcs_abd'));
    expect(sameHash(hashToken('x'), hashToken('x'))).toBe(true);
    expect(sameHash(hashToken('x'), hashToken('y'))).toBe(false);
    expect(sameHash('ab', hashToken('y'))).toBe(false);
  });

  it('ids carry their kind', () => {
    expect(newId('usr')).toMatch(/^usr_[A-Za-z0-9]{12}$/);
  });
});
