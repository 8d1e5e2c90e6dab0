import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hasher.js';

describe('password hasher', () => {
  it('uses argon2id with a salt and verifies', async () => {
    const a = await hashPassword('Liangshan#2026');
    const b = await hashPassword('Liangshan#2026');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'Liangshan#2026')).toBe(true);
    expect(await verifyPassword(a, 'liangshan#2026')).toBe(false);
    expect(await verifyPassword(null, 'anything')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });
});
