import { describe, it, expect } from 'vitest';
import { GB_3096_2008, evaluateNoise, noiseLimit, noisePeriodAt } from './noise.js';
import type { NoiseZone } from './noise.js';
import { StandardsInputError } from './errors.js';

// Shanghai wall-clock times given as UTC instants (UTC+8, no DST).
const AT_0559 = new Date('2026-05-01T21:59:00Z'); // 05:59 on 2 May
const AT_0600 = new Date('2026-05-01T22:00:00Z'); // 06:00
const AT_2159 = new Date('2026-05-01T13:59:00Z'); // 21:59 on 1 May
const AT_2200 = new Date('2026-05-01T14:00:00Z'); // 22:00
const NOON = new Date('2026-05-01T04:00:00Z');
const MIDNIGHT = new Date('2026-04-30T16:00:00Z');

describe('noisePeriodAt', () => {
  it('switches at 06:00 and 22:00 Shanghai time', () => {
    expect(noisePeriodAt(AT_0559)).toBe('night');
    expect(noisePeriodAt(AT_0600)).toBe('day');
    expect(noisePeriodAt(AT_2159)).toBe('day');
    expect(noisePeriodAt(AT_2200)).toBe('night');
    expect(noisePeriodAt(new Date(AT_0600.getTime() - 1))).toBe('night');
    expect(noisePeriodAt(new Date(AT_2200.getTime() - 1))).toBe('day');
    expect(noisePeriodAt(NOON)).toBe('day');
    expect(noisePeriodAt(MIDNIGHT)).toBe('night');
  });

  it('does not depend on the host time zone', () => {
    // The same instant written with another offset is the same instant.
    expect(noisePeriodAt(new Date('2026-05-01T23:00:00-07:00'))).toBe('day'); // 14:00 Shanghai
  });

  it('rejects an invalid Date', () => {
    expect(() => noisePeriodAt(new Date('x'))).toThrow(StandardsInputError);
  });
});

describe('noiseLimit', () => {
  it.each([
    ['0', 50, 40], ['1', 55, 45], ['2', 60, 50], ['3', 65, 55], ['4a', 70, 55], ['4b', 70, 60],
  ] as [NoiseZone, number, number][])('zone %s: day %i, night %i', (zone, day, night) => {
    expect(noiseLimit(zone, NOON)).toEqual({ limit: day, period: 'day' });
    expect(noiseLimit(zone, MIDNIGHT)).toEqual({ limit: night, period: 'night' });
  });

  it('covers exactly the six zones', () => {
    expect(GB_3096_2008.zones.map((z) => z.zone)).toEqual(['0', '1', '2', '3', '4a', '4b']);
  });

  it('rejects an unknown zone', () => {
    expect(() => noiseLimit('5' as NoiseZone, NOON)).toThrow(StandardsInputError);
  });
});

describe('evaluateNoise', () => {
  it('complies at the limit and exceeds above it', () => {
    expect(evaluateNoise({ zone: '1', leq: 55, at: NOON })).toEqual({ limit: 55, period: 'day', exceeds: false, exceedBy: 0, suddenNoiseExceeds: false });
    expect(evaluateNoise({ zone: '1', leq: 55.1, at: NOON })).toMatchObject({ exceeds: true, exceedBy: 0.1 });
  });

  it('reports a clean exceedance margin', () => {
    expect(evaluateNoise({ zone: '2', leq: 53.4, at: MIDNIGHT }).exceedBy).toBe(3.4);
  });

  it('applies the night limit at 22:00 and the day limit at 06:00', () => {
    expect(evaluateNoise({ zone: '2', leq: 55, at: AT_2159 }).exceeds).toBe(false);
    expect(evaluateNoise({ zone: '2', leq: 55, at: AT_2200 })).toMatchObject({ limit: 50, exceeds: true, exceedBy: 5 });
    expect(evaluateNoise({ zone: '2', leq: 55, at: AT_0559 }).exceeds).toBe(true);
    expect(evaluateNoise({ zone: '2', leq: 55, at: AT_0600 }).exceeds).toBe(false);
  });

  it('flags night-time sudden noise more than 15 dB(A) above the night limit', () => {
    expect(evaluateNoise({ zone: '1', leq: 40, lmax: 60, at: MIDNIGHT }).suddenNoiseExceeds).toBe(false);
    expect(evaluateNoise({ zone: '1', leq: 40, lmax: 60.1, at: MIDNIGHT }).suddenNoiseExceeds).toBe(true);
    expect(evaluateNoise({ zone: '1', leq: 40, lmax: 90, at: NOON }).suddenNoiseExceeds).toBe(false);
    expect(evaluateNoise({ zone: '1', leq: 40, lmax: null, at: MIDNIGHT }).suddenNoiseExceeds).toBe(false);
  });

  it('rejects non-finite levels', () => {
    expect(() => evaluateNoise({ zone: '1', leq: Number.NaN, at: NOON })).toThrow(StandardsInputError);
    expect(() => evaluateNoise({ zone: '1', leq: 40, lmax: Number.POSITIVE_INFINITY, at: NOON })).toThrow(StandardsInputError);
  });
});
