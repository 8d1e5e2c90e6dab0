/**
 * The audit filter's times are typed in China Standard Time (UTC+8, no daylight saving),
 * whatever the browser's zone, and sent to the server as UTC instants.
 *
 * @example
 * shanghaiLocalToIso('2026-01-01T08:00') // '2026-01-01T00:00:00.000Z'
 */
export function shanghaiLocalToIso(local: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local)) return undefined;
  const date = new Date(`${local.length === 16 ? `${local}:00` : local}+08:00`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
