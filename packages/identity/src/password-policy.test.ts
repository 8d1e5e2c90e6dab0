import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPassword, classesIn, DEFAULT_POLICY, generatePassword, passwordExpired } from './password-policy.js';

describe('password policy (等保 default: 8 characters, three of four kinds)', () => {
  it.each([
    ['Abcdef1!', true], ['abcdef12', false], ['Abcdefgh', false], ['Abcdef12', true], ['abcdef1!', true], ['Ab1!', false],
    ['密码Pass1', false], ['密码Pass12', true], ['ABCDEFG1', false],
  ])('%s → acceptable %s', (pw, ok) => {
    expect(checkPassword(pw, DEFAULT_POLICY) === null).toBe(ok);
  });

  it('explains what is missing', () => {
    const msg = checkPassword('abcdefgh', DEFAULT_POLICY)!;
    expect(msg).toContain('at least 3 of');
    expect(msg).toContain('it has 1');
    expect(checkPassword('Ab1', DEFAULT_POLICY)).toContain('at least 8 characters (it has 3)');
    expect(checkPassword('Operator#2026', DEFAULT_POLICY, { username: 'operator' })).toContain('user name');
  });

  it('follows a stricter configured policy', () => {
    expect(checkPassword('Abcdef1!', { minLength: 12, minClasses: 4, maxAgeDays: 0 })).toContain('12 characters');
    expect(checkPassword('Abcdef1!xyz_', { minLength: 12, minClasses: 4, maxAgeDays: 0 })).toBeNull();
  });

  it('expires passwords only when a maximum age is set', () => {
    const changed = new Date('2026-01-01T00:00:00Z');
    expect(passwordExpired(changed, DEFAULT_POLICY, new Date('2030-01-01T00:00:00Z'))).toBe(false);
    expect(passwordExpired(changed, { ...DEFAULT_POLICY, maxAgeDays: 90 }, new Date('2026-03-31T00:00:00Z'))).toBe(false);
    expect(passwordExpired(changed, { ...DEFAULT_POLICY, maxAgeDays: 90 }, new Date('2026-04-02T00:00:00Z'))).toBe(true);
  });

  it('generates passwords that always meet the strictest policy', () => {
    fc.assert(fc.property(fc.integer({ min: 12, max: 40 }), (n) => {
      const pw = generatePassword(n);
      expect(pw).toHaveLength(n);
      expect(classesIn(pw)).toBe(4);
    }), { numRuns: 200 });
    expect(generatePassword()).not.toBe(generatePassword());
  });
});
