import type { TFunction } from 'i18next';

/** Uptime as "3 天 4 小时 5 分" / "3 d 4 h 5 min", coarse enough to read at a glance. */
export function formatDuration(totalSeconds: number, t: TFunction): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  const s = seconds % 60;
  if (d > 0) return t('system.duration.days', { d, h, m });
  if (h > 0) return t('system.duration.hours', { h, m });
  return t('system.duration.minutes', { m, s });
}
