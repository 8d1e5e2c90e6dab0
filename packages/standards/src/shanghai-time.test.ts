import { describe, it, expect } from 'vitest';
import { shanghaiDate, shanghaiParts } from './shanghai-time.js';

describe('shanghaiParts / shanghaiDate', () => {
  it('reads the wall clock at UTC+8', () => {
    expect(shanghaiParts(new Date('2026-02-28T16:00:00Z'))).toEqual({ year: 2026, month: 3, day: 1, hour: 0, minute: 0 });
    expect(shanghaiParts(new Date('2026-02-28T15:59:00Z'))).toEqual({ year: 2026, month: 2, day: 28, hour: 23, minute: 59 });
  });
  it('crosses year ends and leap days', () => {
    expect(shanghaiDate(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
    expect(shanghaiDate(new Date('2024-02-28T16:00:00Z'))).toBe('2024-02-29');
  });
  it('has no daylight saving in summer', () => {
    expect(shanghaiParts(new Date('2026-07-01T00:00:00Z')).hour).toBe(8);
  });
});
