import type { DivisionLevel } from './division-schemas.js';

/**
 * Level and parent from the shape of a code. GB/T 2260 codes are 6 digits (province
 * `xx0000`, prefecture `xxxx00`, county otherwise); NBS codes add 3 digits for townships
 * and 3 more for villages. Whether a code exists is decided by the division table, not here.
 */
export function levelOfCode(code: string): DivisionLevel | null {
  if (/^\d{12}$/.test(code)) return 'village';
  if (/^\d{9}$/.test(code)) return 'township';
  if (!/^\d{6}$/.test(code) || code.slice(0, 2) === '00') return null;
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'prefecture';
  return 'county';
}

export function parentOfCode(code: string): string | null {
  switch (levelOfCode(code)) {
    case 'village':
      return code.slice(0, 9);
    case 'township':
      return code.slice(0, 6);
    case 'county':
      return `${code.slice(0, 4)}00`;
    case 'prefecture':
      return `${code.slice(0, 2)}0000`;
    default:
      return null;
  }
}
