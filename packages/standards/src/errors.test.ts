import { describe, it, expect } from 'vitest';
import { StandardsInputError, assertInstant, assertMeasurement } from './errors.js';

describe('StandardsInputError', () => {
  it('is an Error with a name and a code', () => {
    const e = new StandardsInputError('ERR_STANDARDS_NO_POLLUTANT', 'nothing given');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('StandardsInputError');
    expect(e.code).toBe('ERR_STANDARDS_NO_POLLUTANT');
    expect(e.message).toBe('nothing given');
  });
});

describe('assertMeasurement / assertInstant', () => {
  it('accepts zero and positive finite numbers', () => {
    expect(() => assertMeasurement('x', 0)).not.toThrow();
    expect(() => assertMeasurement('x', 12.5)).not.toThrow();
  });
  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('rejects %f', (v) => {
    expect(() => assertMeasurement('x', v)).toThrow(expect.objectContaining({ code: 'ERR_STANDARDS_INVALID_VALUE' }));
  });
  it('rejects an invalid Date', () => {
    expect(() => assertInstant('at', new Date(''))).toThrow(StandardsInputError);
    expect(() => assertInstant('at', new Date(0))).not.toThrow();
  });
});
