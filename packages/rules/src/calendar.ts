import type { Schedule } from './rule-schemas.js';

/** China has kept UTC+8 without daylight saving since 1991: a fixed offset is exact. */
const OFFSET_MS = 8 * 3600_000;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The Asia/Shanghai calendar date of an instant, `YYYY-MM-DD`. */
export function shanghaiDay(atMs: number): string {
  return new Date(atMs + OFFSET_MS).toISOString().slice(0, 10);
}

/** Epoch ms of midnight Asia/Shanghai starting the day `YYYY-MM-DD` (16:00Z of the day before). */
export function shanghaiMidnight(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - OFFSET_MS;
}

/**
 * Whether a rule with this schedule is active at an instant, by the Asia/Shanghai wall
 * clock whatever the host's time zone. No schedule = always.
 *
 * @example inSchedule({ hours: [{ from: '22:00', to: '06:00' }] }, Date.parse('2026-05-01T15:00:00Z')) → true (23:00 in Shanghai)
 */
export function inSchedule(schedule: Schedule | null | undefined, atMs: number): boolean {
  if (!schedule) return true;
  const local = new Date(atMs + OFFSET_MS);
  const day = local.toISOString().slice(0, 10);
  if (schedule.excludeDates?.includes(day)) return false;
  if (schedule.dates?.length && !schedule.dates.includes(day)) return false;
  if (schedule.weekdays?.length && !schedule.weekdays.includes(local.getUTCDay() === 0 ? 7 : local.getUTCDay())) return false;
  if (schedule.hours?.length) {
    const m = local.getUTCHours() * 60 + local.getUTCMinutes();
    return schedule.hours.some((r) => {
      const from = minutes(r.from);
      const to = minutes(r.to);
      return from <= to ? m >= from && m < to : m >= from || m < to;
    });
  }
  return true;
}
