import { StandardsInputError } from './errors.js';
import { shanghaiDate } from './shanghai-time.js';

/**
 * Resident identity numbers, GB 11643-1999 (18 characters): 6-digit address code,
 * 8-digit birth date, 3-digit sequence (odd male, even female), ISO 7064 MOD 11-2 check.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * The check character for the first 17 digits.
 *
 * @example residentIdCheckChar('11010519491231002') → 'X'
 */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new StandardsInputError('ERR_STANDARDS_INVALID_VALUE', 'a resident ID check character needs exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

export type ResidentIdInvalidReason = 'length' | 'format' | 'birthdate' | 'checksum';

export type ResidentIdResult =
  | {
      valid: true;
      /** GB/T 2260 code in force at issue; check it against historical lists, not only today's. */
      addressCode: string;
      /** YYYY-MM-DD */
      birthDate: string;
      sex: 'male' | 'female';
      /** Always upper case. */
      checkChar: string;
    }
  | { valid: false; reason: ResidentIdInvalidReason };

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** A real Gregorian date `YYYYMMDD` (year 0000 does not exist). */
function birthDateOf(yyyymmdd: string): string | null {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

/**
 * Validates an 18-character resident identity number. Lower-case `x` is accepted as `X`.
 * The birth date must be a real calendar date not after today in Asia/Shanghai (`now`
 * is injectable for tests). The address code is only checked for shape: whether it was
 * a real division when issued needs the historical GB/T 2260 lists.
 *
 * @example
 * validateResidentId('11010519491231002X')
 * // → { valid: true, addressCode: '110105', birthDate: '1949-12-31', sex: 'female', checkChar: 'X' }
 */
export function validateResidentId(s: string, options: { now?: Date } = {}): ResidentIdResult {
  if (typeof s !== 'string' || s.length !== 18) return { valid: false, reason: 'length' };
  if (!/^\d{17}[\dXx]$/.test(s)) return { valid: false, reason: 'format' };
  const birthDate = birthDateOf(s.slice(6, 14));
  if (birthDate === null || birthDate > shanghaiDate(options.now ?? new Date())) {
    return { valid: false, reason: 'birthdate' };
  }
  const checkChar = s.charAt(17).toUpperCase();
  if (residentIdCheckChar(s.slice(0, 17)) !== checkChar) return { valid: false, reason: 'checksum' };
  return {
    valid: true,
    addressCode: s.slice(0, 6),
    birthDate,
    sex: Number(s.charAt(16)) % 2 === 1 ? 'male' : 'female',
    checkChar,
  };
}
