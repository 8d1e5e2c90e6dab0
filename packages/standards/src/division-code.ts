import { StandardsInputError } from './errors.js';

/**
 * GB/T 2260 administrative division codes: 2 digits province, 2 prefecture, 2 county.
 * These helpers read the code's STRUCTURE only. Whether a code exists (or existed when
 * an ID was issued) must be checked against the published list, i.e. the platform's
 * division table; the digit ranges (01–18 districts, 21–80 counties, …) have exceptions
 * and retired codes are never reused, so they are not a validity test.
 */

export type DivisionLevel = 'province' | 'prefecture' | 'county';

/** Six ASCII digits; says nothing about whether the code exists. @example isDivisionCodeShape('513401') → true */
export function isDivisionCodeShape(code: string): boolean {
  return typeof code === 'string' && /^\d{6}$/.test(code);
}

function assertShape(code: string): void {
  if (!isDivisionCodeShape(code)) {
    throw new StandardsInputError('ERR_STANDARDS_INVALID_VALUE', `a division code is 6 digits, got ${JSON.stringify(code)}`);
  }
}

/**
 * Level implied by trailing zeros: `xx0000` province, `xxxx00` prefecture, else county.
 *
 * @example divisionLevel('513400') → 'prefecture'
 */
export function divisionLevel(code: string): DivisionLevel {
  assertShape(code);
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'prefecture';
  return 'county';
}

/**
 * The structural parent, or null for a province. The parent may be a grouping code that
 * is not itself a division (e.g. 110100 市辖区 under Beijing, 429000 for county-level
 * units directly under Hubei); resolve real parents through the division table.
 *
 * @example parentDivisionCode('513401') → '513400'
 */
export function parentDivisionCode(code: string): string | null {
  switch (divisionLevel(code)) {
    case 'province':
      return null;
    case 'prefecture':
      return `${code.slice(0, 2)}0000`;
    case 'county':
      return `${code.slice(0, 4)}00`;
  }
}
