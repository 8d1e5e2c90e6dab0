import { randomInt } from 'node:crypto';

export interface PasswordPolicy {
  minLength: number;
  /** How many of the four kinds (lower, upper, digit, symbol) a password needs. */
  minClasses: number;
  /** 0 = passwords never expire. */
  maxAgeDays: number;
}

/** 等保 practice: 8 characters, three of four kinds, no forced periodic change. */
export const DEFAULT_POLICY: PasswordPolicy = { minLength: 8, minClasses: 3, maxAgeDays: 0 };
const MAX_LENGTH = 128;

const CLASSES: [string, RegExp][] = [
  ['lower-case letters', /\p{Ll}/u],
  ['upper-case letters', /\p{Lu}/u],
  ['digits', /\p{Nd}/u],
  ['symbols', /[^\p{Ll}\p{Lu}\p{Nd}]/u],
];

export const classesIn = (pw: string) => CLASSES.filter(([, re]) => re.test(pw)).length;

/**
 * Checks a new password and says, in words a person can act on, what is missing.
 * Returns null when the password is acceptable.
 */
export function checkPassword(pw: string, policy: PasswordPolicy, context: { username?: string } = {}): string | null {
  const length = Array.from(pw).length;
  const problems: string[] = [];
  if (length < policy.minLength) problems.push(`use at least ${policy.minLength} characters (it has ${length})`);
  if (length > MAX_LENGTH) problems.push(`use at most ${MAX_LENGTH} characters`);
  const kinds = classesIn(pw);
  if (kinds < policy.minClasses) {
    const missing = CLASSES.filter(([, re]) => !re.test(pw)).map(([name]) => name);
    problems.push(`mix at least ${policy.minClasses} of: lower-case letters, upper-case letters, digits, symbols (it has ${kinds}; add ${missing.join(' or ')})`);
  }
  const user = context.username?.toLowerCase();
  if (user && user.length >= 3 && pw.toLowerCase().includes(user)) problems.push('do not include the user name');
  return problems.length ? `The password does not meet the policy: ${problems.join('; ')}.` : null;
}

export function passwordExpired(changedAt: Date | null, policy: PasswordPolicy, now: Date): boolean {
  if (!policy.maxAgeDays || !changedAt) return false;
  return now.getTime() - changedAt.getTime() > policy.maxAgeDays * 86_400_000;
}

// No look-alikes (0/O, 1/l/I) so a password read from a terminal is typed right.
const SETS = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '#%+-=@^_~'];

/** A random 20-character password with all four kinds (about 115 bits). */
export function generatePassword(length = 20): string {
  const all = SETS.join('');
  const chars = SETS.map((s) => s[randomInt(s.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
