/** The audit filter's China Standard Time conversion (no browser needed; runs with the e2e project). */
import { describe, expect, it } from 'vitest';
import { shanghaiLocalToIso } from '../src/pages/admin/audit/shanghai-time';

describe('shanghaiLocalToIso', () => {
  it('reads a datetime-local value as UTC+8, whatever the machine zone', () => {
    expect(shanghaiLocalToIso('2026-01-01T08:00')).toBe('2026-01-01T00:00:00.000Z');
    expect(shanghaiLocalToIso('2026-07-01T00:30:15')).toBe('2026-06-30T16:30:15.000Z');
  });

  it('refuses what is not a datetime-local value', () => {
    expect(shanghaiLocalToIso('')).toBeUndefined();
    expect(shanghaiLocalToIso('yesterday')).toBeUndefined();
  });
});
