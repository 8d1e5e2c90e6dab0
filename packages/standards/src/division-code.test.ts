import { describe, it, expect } from 'vitest';
import { divisionLevel, isDivisionCodeShape, parentDivisionCode } from './division-code.js';
import { StandardsInputError } from './errors.js';

describe('isDivisionCodeShape', () => {
  it('accepts six digits only', () => {
    expect(isDivisionCodeShape('513401')).toBe(true);
    expect(isDivisionCodeShape('513437')).toBe(true);
    for (const bad of ['', '51340', '5134010', '51340A', ' 51340', '５１３４０１', '513401001']) expect(isDivisionCodeShape(bad)).toBe(false);
  });
});

describe('divisionLevel', () => {
  it('reads the level from trailing zeros', () => {
    expect(divisionLevel('510000')).toBe('province');
    expect(divisionLevel('513400')).toBe('prefecture');
    expect(divisionLevel('513401')).toBe('county');
    expect(divisionLevel('513402')).toBe('county');
    expect(divisionLevel('513437')).toBe('county');
  });
  it('throws on a malformed code', () => {
    expect(() => divisionLevel('51340')).toThrow(StandardsInputError);
  });
});

describe('parentDivisionCode', () => {
  it('walks county → prefecture → province → null', () => {
    expect(parentDivisionCode('513401')).toBe('513400');
    expect(parentDivisionCode('513400')).toBe('510000');
    expect(parentDivisionCode('510000')).toBeNull();
  });
  it('returns structural grouping codes, which the division table must resolve', () => {
    expect(parentDivisionCode('110101')).toBe('110100');
  });
  it('throws on a malformed code', () => {
    expect(() => parentDivisionCode('abc')).toThrow(StandardsInputError);
  });
});
