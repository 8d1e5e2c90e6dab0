import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Session tokens and API keys: 256 random bits with a readable prefix that says what they are. */
export const SESSION_PREFIX = 'zcs_';
export const API_KEY_PREFIX = 'zck_';

export const newToken = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

/** Only this hash is stored: a stolen database does not yield usable tokens. */
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export const newId = (prefix: string) => `${prefix}_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;
