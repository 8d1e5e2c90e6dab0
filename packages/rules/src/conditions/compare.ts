import type { Op } from '../rule-schemas.js';
import type { Verdict } from '../types.js';

export const toNumber = (v: unknown): number | null => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
};

/**
 * Threshold with hysteresis: for `>`/`>=` the raise condition is the comparison, the clear
 * condition is `v < threshold − hysteresis`; mirrored for `<`/`<=`. Between the two is the
 * band, where the current state holds.
 */
export function compareWithHysteresis(v: number, op: Op, threshold: number, hysteresis: number): Verdict {
  switch (op) {
    case '>':
      return v > threshold ? { kind: 'raise', value: v } : v < threshold - hysteresis ? { kind: 'clear', value: v } : { kind: 'band', value: v };
    case '>=':
      return v >= threshold ? { kind: 'raise', value: v } : v < threshold - hysteresis ? { kind: 'clear', value: v } : { kind: 'band', value: v };
    case '<':
      return v < threshold ? { kind: 'raise', value: v } : v > threshold + hysteresis ? { kind: 'clear', value: v } : { kind: 'band', value: v };
    case '<=':
      return v <= threshold ? { kind: 'raise', value: v } : v > threshold + hysteresis ? { kind: 'clear', value: v } : { kind: 'band', value: v };
  }
}

export function holds(v: number, op: Op, threshold: number): boolean {
  switch (op) {
    case '>': return v > threshold;
    case '>=': return v >= threshold;
    case '<': return v < threshold;
    case '<=': return v <= threshold;
  }
}
