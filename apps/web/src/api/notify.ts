/**
 * The signed-in user's notification preferences and the notifications sent (or held back) for them.
 *
 * Mirrored from packages/notify/src/notify-schemas.ts (`Preferences`, `Notification`): `import
 * type` from @zhicheng/notify does not type-check under this tsconfig (see admin-types.ts), so
 * keep these in step with that file.
 */
import { apiFetch } from './client';
import type { Paged } from './admin-types';
import { queryString } from './query';

export type NotifyChannel = 'console' | 'email' | 'sms';
export const NOTIFY_CHANNELS: readonly NotifyChannel[] = ['console', 'email', 'sms'];

export type NotifySeverity = 'critical' | 'major' | 'minor' | 'warning';
export const NOTIFY_SEVERITIES: readonly NotifySeverity[] = ['critical', 'major', 'minor', 'warning'];

/** notify `Preferences`. */
export interface NotificationPreferences {
  language: 'zh-CN' | 'en';
  email: string | null;
  phone: string | null;
  departmentId: string | null;
  divisionCode: string | null;
  /** 0 = told when an alarm is raised; n = told when it escalates to level n. */
  minEscalationLevel: number;
  channels: Record<NotifySeverity, NotifyChannel[]>;
  /** `HH:MM`, Asia/Shanghai; only critical alarms reach e-mail and SMS inside them. */
  quietHours: { from: string; to: string } | null;
  /** My own cap of messages per channel and hour; null = the platform's, which it can only lower. */
  maxPerHour?: number | null;
}

/** notify `Notification`. */
export interface NotificationRecord {
  id: string;
  userId: string | null;
  channel: string;
  event: string;
  alarmId: string | null;
  language: string | null;
  recipient: string | null;
  subject: string | null;
  /** sent, logged, failed, held back for quiet hours or rate limit… */
  status: string;
  error: string | null;
  createdAt: string;
  sentAt: string | null;
}

const base = '/api/v1/notify';

/** The defaults until the user first saves. */
export function fetchMyPreferences(signal?: AbortSignal): Promise<NotificationPreferences> {
  return apiFetch<NotificationPreferences>(`${base}/preferences/me`, { signal });
}

/** Needs alarms:read over the area and department asked for (403 `ERR_NOTIFY_OUT_OF_SCOPE` otherwise). */
export function saveMyPreferences(body: NotificationPreferences): Promise<NotificationPreferences> {
  return apiFetch<NotificationPreferences>(`${base}/preferences/me`, { method: 'PUT', body });
}

export function listMyNotifications(page: { limit: number; offset: number }, signal?: AbortSignal): Promise<Paged<NotificationRecord>> {
  return apiFetch<Paged<NotificationRecord>>(`${base}/notifications/me${queryString(page)}`, { signal });
}
