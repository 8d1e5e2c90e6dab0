/** Whether an instant falls in a user's quiet hours (`HH:MM`–`HH:MM`, Asia/Shanghai, may wrap midnight). */
export function inQuietHours(from: string | null, to: string | null, at: Date): boolean {
  if (!from || !to || from === to) return false;
  const local = new Date(at.getTime() + 8 * 3600_000);
  const m = local.getUTCHours() * 60 + local.getUTCMinutes();
  const f = Number(from.slice(0, 2)) * 60 + Number(from.slice(3, 5));
  const t = Number(to.slice(0, 2)) * 60 + Number(to.slice(3, 5));
  return f < t ? m >= f && m < t : m >= f || m < t;
}

/** `YYYY-MM-DD HH:mm` on the Asia/Shanghai wall clock, for messages. */
export function shanghaiText(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
