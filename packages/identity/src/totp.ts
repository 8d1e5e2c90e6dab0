import { Secret, TOTP } from 'otpauth';

/** RFC 6238 defaults every authenticator app understands: SHA-1, 6 digits, 30 s. */
const PERIOD = 30;
/** One step either side: tolerates 30 s of clock drift between phone and server. */
export const TOTP_WINDOW = 1;

export const newTotpSecret = () => new Secret({ size: 20 }).base32;

export function otpauthUrl(secret: string, account: string, issuer = 'Zhicheng 智城'): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret), period: PERIOD, digits: 6, algorithm: 'SHA1' }).toString();
}

/**
 * Checks a code at `now`. Returns the time step it belongs to, or null. A step at or before
 * `lastStep` is refused, so a code seen once (shoulder-surfed, replayed) cannot be used again.
 */
export function checkTotp(secret: string, code: string, now: Date, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(secret), period: PERIOD, digits: 6, algorithm: 'SHA1', timestamp: now.getTime(), window: TOTP_WINDOW });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 1000 / PERIOD) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

/** The code for `at` (tests and the enrolment check use it). */
export const totpCode = (secret: string, at: Date) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), period: PERIOD, digits: 6, algorithm: 'SHA1', timestamp: at.getTime() });
