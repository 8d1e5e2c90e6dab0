import type { TFunction } from 'i18next';

/** 600 → "10 分钟", 7200 → "2 小时", 90 → "90 秒": the largest whole unit. */
export function durationText(t: TFunction, seconds: number): string {
  if (seconds % 86400 === 0) return t('deviceProfiles.duration.days', { count: seconds / 86400 });
  if (seconds % 3600 === 0) return t('deviceProfiles.duration.hours', { count: seconds / 3600 });
  if (seconds % 60 === 0) return t('deviceProfiles.duration.minutes', { count: seconds / 60 });
  return t('deviceProfiles.duration.seconds', { count: seconds });
}
