import { StandardsInputError } from './errors.js';

/**
 * Unified social credit codes, GB 32100-2015: 18 characters over a 31-character alphabet
 * (no I, O, S, V, Z). Positions 9–17 embed a GB 11714 organisation code with its own check.
 */

export const SOCIAL_CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

function sumWeighted(chars: string, weights: readonly number[], valueOf: (c: string) => number): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i += 1) sum += valueOf(chars.charAt(i)) * (weights[i] ?? 0);
  return sum;
}

const alphabetValue = (c: string): number => SOCIAL_CREDIT_ALPHABET.indexOf(c);

/**
 * The check character for the first 17 characters (upper case, GB 32100 alphabet).
 *
 * @example socialCreditCheckChar('91110000600037341') → 'L'
 */
export function socialCreditCheckChar(first17: string): string {
  if (!/^[0-9A-HJ-NP-RTUW-Y]{17}$/.test(first17)) {
    throw new StandardsInputError('ERR_STANDARDS_INVALID_VALUE', 'a social credit check character needs 17 characters of the GB 32100 alphabet');
  }
  const sum = sumWeighted(first17, WEIGHTS, alphabetValue);
  return SOCIAL_CREDIT_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/**
 * The GB 11714 check character for an 8-character organisation code body (digits and
 * upper-case letters, A=10 … Z=35): 11 − (Σ mod 11), with 10 → X and 11 → 0.
 *
 * @example organisationCodeCheckChar('60003734') → '1'
 */
export function organisationCodeCheckChar(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) {
    throw new StandardsInputError('ERR_STANDARDS_INVALID_VALUE', 'an organisation code body is 8 digits or upper-case letters');
  }
  const c9 = 11 - (sumWeighted(body8, ORG_WEIGHTS, (c) => parseInt(c, 36)) % 11);
  return c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9);
}

export type SocialCreditInvalidReason = 'length' | 'format' | 'checksum' | 'organisation-code';

export type SocialCreditResult =
  | {
      valid: true;
      /** Position 1: registration authority (1 机构编制, 5 民政, 9 工商, Y 其他, …). */
      registrationAuthority: string;
      /** Position 2: organisation type under that authority. */
      organisationType: string;
      /** Positions 3–8: GB/T 2260 division code of the registering authority. */
      divisionCode: string;
      /** Positions 9–17: GB 11714 organisation code, check character last. */
      organisationCode: string;
      checkChar: string;
    }
  | { valid: false; reason: SocialCreditInvalidReason };

/**
 * Validates a unified social credit code: length, alphabet, the GB 32100 check character,
 * then the embedded GB 11714 organisation-code check. Upper case only, as issued; callers
 * accepting typed input may upper-case it first. Authority and type characters are not
 * restricted to a list, since the doc names only some of them.
 *
 * @example validateSocialCreditCode('91110000600037341L').valid → true
 */
export function validateSocialCreditCode(s: string): SocialCreditResult {
  if (typeof s !== 'string' || s.length !== 18) return { valid: false, reason: 'length' };
  if (!/^[0-9A-HJ-NP-RTUW-Y]{18}$/.test(s)) return { valid: false, reason: 'format' };
  const checkChar = s.charAt(17);
  if (socialCreditCheckChar(s.slice(0, 17)) !== checkChar) return { valid: false, reason: 'checksum' };
  if (organisationCodeCheckChar(s.slice(8, 16)) !== s.charAt(16)) return { valid: false, reason: 'organisation-code' };
  return {
    valid: true,
    registrationAuthority: s.charAt(0),
    organisationType: s.charAt(1),
    divisionCode: s.slice(2, 8),
    organisationCode: s.slice(8, 17),
    checkChar,
  };
}
