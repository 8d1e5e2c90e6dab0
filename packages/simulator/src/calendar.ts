/**
 * Time as the prefecture lives it: Asia/Shanghai (UTC+8, no daylight saving), its holidays
 * (national public holidays and the Yi Torch Festival), and the dry fire season.
 * Holiday dates are the published 2025–2027 schedules as best known; approximate, for a demo.
 */
const HOLIDAYS: [string, string][] = [
  ['2025-10-01', '2025-10-08'], ['2026-01-01', '2026-01-03'], ['2026-02-15', '2026-02-23'], ['2026-04-04', '2026-04-06'],
  ['2026-05-01', '2026-05-05'], ['2026-06-19', '2026-06-21'], ['2026-08-05', '2026-08-07'], ['2026-10-01', '2026-10-08'],
  ['2027-01-01', '2027-01-03'], ['2027-02-05', '2027-02-13'], ['2027-05-01', '2027-05-05'], ['2027-07-25', '2027-07-27'], ['2027-10-01', '2027-10-07'],
];

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export function shanghai(t: number) {
  const d = new Date(t + SHANGHAI_OFFSET_MS);
  const hour = d.getUTCHours() + d.getUTCMinutes() / 60;
  const date = d.toISOString().slice(0, 10);
  return { hour, date, weekday: d.getUTCDay(), month: d.getUTCMonth() + 1, dayOfYear: Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) };
}

export function isHoliday(t: number): boolean {
  const { date } = shanghai(t);
  return HOLIDAYS.some(([a, b]) => date >= a && date <= b);
}

export const isWeekend = (t: number) => [0, 6].includes(shanghai(t).weekday);

/** Liangshan's forest fire season is the dry season, December to May, worst in March–April. */
export function fireSeasonFactor(t: number): number {
  const m = shanghai(t).month;
  return [0.9, 1, 1.2, 1.3, 0.9, 0.5, 0.2, 0.2, 0.2, 0.3, 0.5, 0.8][m - 1]!;
}

/** A smooth daily curve peaking at `peakHour` (1 at the peak, -1 twelve hours away). */
export const daily = (t: number, peakHour: number) => Math.cos(((shanghai(t).hour - peakHour) / 24) * 2 * Math.PI);

/** A bump around `hour` of the given width in hours (rush hours). */
export const bump = (t: number, hour: number, width: number) => Math.exp(-(((shanghai(t).hour - hour) / width) ** 2));
