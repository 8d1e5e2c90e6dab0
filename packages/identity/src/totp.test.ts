import { describe, expect, it } from 'vitest';
import { checkTotp, newTotpSecret, otpauthUrl, totpCode } from './totp.js';

describe('TOTP', () => {
  const secret = newTotpSecret();
  const now = new Date('2026-05-01T08:00:10Z');

  it('accepts the current code and one step of drift either way, not two', () => {
    const step = Math.floor(now.getTime() / 30_000);
    expect(checkTotp(secret, totpCode(secret, now), now, null)).toBe(step);
    expect(checkTotp(secret, totpCode(secret, new Date(now.getTime() - 30_000)), now, null)).toBe(step - 1);
    expect(checkTotp(secret, totpCode(secret, new Date(now.getTime() + 30_000)), now, null)).toBe(step + 1);
    expect(checkTotp(secret, totpCode(secret, new Date(now.getTime() - 60_000)), now, null)).toBeNull();
    expect(checkTotp(secret, totpCode(secret, new Date(now.getTime() + 60_000)), now, null)).toBeNull();
  });

  it('refuses a code from a step already used (replay)', () => {
    const code = totpCode(secret, now);
    const step = checkTotp(secret, code, now, null)!;
    expect(checkTotp(secret, code, now, step)).toBeNull();
    const next = new Date(now.getTime() + 30_000);
    expect(checkTotp(secret, totpCode(secret, next), next, step)).toBe(step + 1);
  });

  it('refuses malformed codes and other secrets', () => {
    expect(checkTotp(secret, '12345', now, null)).toBeNull();
    expect(checkTotp(secret, 'abcdef', now, null)).toBeNull();
    expect(checkTotp(newTotpSecret(), totpCode(secret, now), now, null)).toBeNull();
  });

  it('gives an otpauth URL authenticator apps read', () => {
    expect(otpauthUrl(secret, 'admin')).toMatch(/^otpauth:\/\/totp\/.*admin\?.*secret=[A-Z2-7]+/);
  });
});
