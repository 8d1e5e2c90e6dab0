import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Device tokens carry a prefix so logs and scanners recognise them; only their hash is stored. */
export const TOKEN_PREFIX = 'zcd_';

export function newDeviceToken(): string {
  return TOKEN_PREFIX + randomBytes(24).toString('base64url');
}

/** SHA-256 is enough for 192-bit random secrets (no dictionary to guess from); a slow hash would cap the connect rate. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function tokenMatches(token: string, hash: string): boolean {
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export const looksLikeDeviceToken = (s: string) => s.startsWith(TOKEN_PREFIX) && s.length >= 20 && s.length <= 200;
