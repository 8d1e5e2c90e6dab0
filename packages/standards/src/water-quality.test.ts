import { describe, it, expect } from 'vitest';
import { GB_3838_2002, classifyWater, meetsTarget } from './water-quality.js';
import type { WaterInput, WaterParameter } from './water-quality.js';
import { StandardsInputError } from './errors.js';

const river = { waterbody: 'river' } as const;
const lake = { waterbody: 'lake' } as const;

function classOf(input: WaterInput, opts: { waterbody: 'river' | 'lake' } = river): string {
  return classifyWater(input, opts).class;
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof StandardsInputError) return e.code;
    throw e;
  }
  return undefined;
}

describe('GB 3838-2002 table', () => {
  it('keeps the upper-bound limits non-decreasing and DO limits non-increasing', () => {
    for (const row of GB_3838_2002.rows) {
      if (row.kind === 'range') continue;
      for (let i = 1; i < 5; i += 1) {
        const [prev, cur] = [row.limits[i - 1] ?? NaN, row.limits[i] ?? NaN];
        if (row.kind === 'upper') expect(cur).toBeGreaterThanOrEqual(prev);
        else expect(cur).toBeLessThanOrEqual(prev);
      }
    }
  });
});

describe('classifyWater: upper-bound parameters at every limit', () => {
  const cases: [WaterParameter, number[], ('river' | 'lake')][] = [
    ['codmn', [2, 4, 6, 10, 15], 'river'],
    ['cod', [15, 15, 20, 30, 40], 'river'],
    ['bod5', [3, 3, 4, 6, 10], 'river'],
    ['nh3n', [0.15, 0.5, 1.0, 1.5, 2.0], 'river'],
    ['tp', [0.02, 0.1, 0.2, 0.3, 0.4], 'river'],
    ['tp', [0.01, 0.025, 0.05, 0.1, 0.2], 'lake'],
    ['tn', [0.2, 0.5, 1.0, 1.5, 2.0], 'lake'],
  ];
  const NAMES = ['I', 'II', 'III', 'IV', 'V'];
  for (const [parameter, limits, waterbody] of cases) {
    it(`${parameter} (${waterbody}): equal to a limit meets it, just above falls to the next class`, () => {
      limits.forEach((limit, i) => {
        // COD and BOD5 share the I/II limit, so equal-to-limit is class I there.
        const expected = NAMES[limits.indexOf(limit)];
        expect(classOf({ [parameter]: limit }, { waterbody })).toBe(expected);
        const next = limits.slice(i + 1).find((l) => l > limit);
        const above = limit + 1e-9;
        expect(classOf({ [parameter]: above }, { waterbody })).toBe(next === undefined ? '劣V' : NAMES[limits.indexOf(next)]);
      });
      expect(classOf({ [parameter]: 0 }, { waterbody })).toBe('I');
    });
  }
});

describe('classifyWater: dissolved oxygen is a lower bound', () => {
  it.each([
    [9, 'I'], [7.5, 'I'], [7.49, 'II'], [6, 'II'], [5.99, 'III'], [5, 'III'], [4.99, 'IV'], [3, 'IV'], [2.99, 'V'], [2, 'V'], [1.99, '劣V'], [0, '劣V'],
  ])('DO %f → %s', (value, expected) => {
    expect(classOf({ do: value })).toBe(expected);
  });
});

describe('classifyWater: pH', () => {
  it.each([[6, 'I'], [7.2, 'I'], [9, 'I'], [5.99, '劣V'], [9.01, '劣V'], [0, '劣V'], [14, '劣V']])('pH %f → %s', (ph, expected) => {
    expect(classOf({ ph })).toBe(expected);
  });
  it('rejects pH above 14', () => {
    expect(code(() => classifyWater({ ph: 14.5 }, river))).toBe('ERR_STANDARDS_INVALID_VALUE');
  });
});

describe('classifyWater: rivers and lakes', () => {
  it('uses the lake TP row for lakes', () => {
    expect(classOf({ tp: 0.05 }, river)).toBe('II');
    expect(classOf({ tp: 0.05 }, lake)).toBe('III');
    expect(classOf({ tp: 0.3 }, river)).toBe('IV');
    expect(classOf({ tp: 0.3 }, lake)).toBe('劣V');
  });

  it('evaluates TN for lakes and ignores it for rivers', () => {
    const l = classifyWater({ tn: 1.2, nh3n: 0.1 }, lake);
    expect(l.class).toBe('IV');
    expect(l.worstParameters).toEqual(['tn']);
    const r = classifyWater({ tn: 1.2, nh3n: 0.1 }, river);
    expect(r.class).toBe('I');
    expect(r.perParameter.tn).toBeUndefined();
    expect(r.notEvaluated).toEqual(['tn']);
  });

  it('throws when a river sample carries TN only', () => {
    expect(code(() => classifyWater({ tn: 1 }, river))).toBe('ERR_STANDARDS_NO_PARAMETER');
  });
});

describe('classifyWater: result', () => {
  it('takes the worst class and lists every parameter at it', () => {
    const r = classifyWater({ ph: 7.5, do: 5.5, codmn: 5, nh3n: 1.4, tp: 0.25, bod5: 2 }, river);
    expect(r).toEqual({
      class: 'IV',
      classNumber: 4,
      label: { zh: '轻度污染', en: 'lightly polluted' },
      worstParameters: ['nh3n', 'tp'],
      perParameter: {
        ph: { value: 7.5, class: 'I', classNumber: 1 },
        do: { value: 5.5, class: 'III', classNumber: 3 },
        codmn: { value: 5, class: 'III', classNumber: 3 },
        bod5: { value: 2, class: 'I', classNumber: 1 },
        nh3n: { value: 1.4, class: 'IV', classNumber: 4 },
        tp: { value: 0.25, class: 'IV', classNumber: 4 },
      },
      notEvaluated: [],
    });
  });

  it.each([
    [{ nh3n: 0.1 }, '优', 'excellent'],
    [{ nh3n: 0.4 }, '优', 'excellent'],
    [{ nh3n: 0.9 }, '良好', 'good'],
    [{ nh3n: 1.2 }, '轻度污染', 'lightly polluted'],
    [{ nh3n: 1.8 }, '中度污染', 'moderately polluted'],
    [{ nh3n: 2.5 }, '重度污染', 'heavily polluted'],
  ])('labels %o as %s', (input, zh, en) => {
    expect(classifyWater(input, river).label).toEqual({ zh, en });
  });

  it('throws ERR_STANDARDS_NO_PARAMETER on empty input (nulls count as absent)', () => {
    expect(code(() => classifyWater({}, river))).toBe('ERR_STANDARDS_NO_PARAMETER');
    expect(code(() => classifyWater({ do: null }, lake))).toBe('ERR_STANDARDS_NO_PARAMETER');
  });

  it('rejects negative and non-finite values and unknown waterbodies', () => {
    expect(code(() => classifyWater({ cod: -1 }, river))).toBe('ERR_STANDARDS_INVALID_VALUE');
    expect(code(() => classifyWater({ cod: Number.NaN }, river))).toBe('ERR_STANDARDS_INVALID_VALUE');
    expect(code(() => classifyWater({ cod: 1 }, { waterbody: 'sea' as 'river' }))).toBe('ERR_STANDARDS_INVALID_VALUE');
  });
});

describe('meetsTarget', () => {
  it('is met at or better than the target and exceeded when worse', () => {
    const iii = classifyWater({ nh3n: 1.0 }, river);
    expect(meetsTarget(iii, 'II')).toBe(false);
    expect(meetsTarget(iii, 'III')).toBe(true);
    expect(meetsTarget(iii, 'IV')).toBe(true);
    expect(meetsTarget(classifyWater({ ph: 10 }, river), 'V')).toBe(false);
  });
  it('rejects an unknown class', () => {
    expect(code(() => meetsTarget({ classNumber: 1 }, 'VI' as 'V'))).toBe('ERR_STANDARDS_INVALID_VALUE');
  });
});
