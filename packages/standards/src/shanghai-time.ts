/**
 * Wall-clock parts in Asia/Shanghai. China has used UTC+8 without daylight saving since
 * 1991, so a fixed offset is exact for every instant the platform handles, and it does not
 * depend on the host's time zone or ICU data.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

export interface ShanghaiParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** @example shanghaiParts(new Date('2026-02-28T16:00:00Z')) → { year: 2026, month: 3, day: 1, hour: 0, minute: 0 } */
export function shanghaiParts(at: Date): ShanghaiParts {
  const shifted = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

/** The calendar date in Shanghai as `YYYY-MM-DD`. @example shanghaiDate(new Date('2025-12-31T16:00:00Z')) → '2026-01-01' */
export function shanghaiDate(at: Date): string {
  const p = shanghaiParts(at);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}
