import { describe, expect, it } from 'vitest';
import { levelOfCode, parentOfCode } from './division-codes.js';

describe('division codes', () => {
  it.each([
    ['510000', 'province', null],
    ['513400', 'prefecture', '510000'],
    ['513401', 'county', '513400'],
    ['513401001', 'township', '513401'],
    ['513401001001', 'village', '513401001'],
  ])('%s is a %s with parent %s', (code, level, parent) => {
    expect(levelOfCode(code)).toBe(level);
    expect(parentOfCode(code)).toBe(parent);
  });

  it.each(['', '51340', '5134011', 'abcdef', '000000'])('%s is not a code', (code) => expect(levelOfCode(code)).toBeNull());
});
