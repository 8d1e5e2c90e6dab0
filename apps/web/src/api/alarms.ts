import { apiFetch } from './client';

export type AlarmSeverity = 'critical' | 'major' | 'minor' | 'warning';
export type AlarmState = 'active_unack' | 'active_ack' | 'cleared_unack' | 'cleared_ack';

/** An alarm as `GET /api/v1/alarms` returns it (packages/alarms/src/alarm-schemas.ts). */
export interface Alarm {
  id: string;
  ruleId: string;
  ruleName: string;
  sourceId: string;
  sourceType: string;
  severity: AlarmSeverity;
  state: AlarmState;
  active: boolean;
  acknowledged: boolean;
  divisionCode: string | null;
  message: { zh: string; en: string } | null;
  value: unknown;
  reason: string | null;
  count: number;
  raisedAt: string;
  lastSeenAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  clearedAt: string | null;
  assignee: string | null;
  updatedAt: string;
}

export interface AlarmList {
  items: Alarm[];
  total: number;
}

export interface AlarmQuery {
  severity?: string;
  state?: string;
  active?: boolean;
  division?: string;
  limit?: number;
  offset?: number;
}

export function listAlarms(query: AlarmQuery, signal?: AbortSignal): Promise<AlarmList> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  return apiFetch<AlarmList>(`/api/v1/alarms?${params.toString()}`, { signal });
}

export function acknowledgeAlarm(id: string, comment?: string): Promise<Alarm> {
  return apiFetch<Alarm>(`/api/v1/alarms/${encodeURIComponent(id)}/acknowledge`, { method: 'POST', body: comment ? { comment } : {} });
}

/** The payload of the realtime `alarms` topic. */
export interface AlarmStreamData {
  event?: string;
  action?: string;
  alarm?: Alarm;
}

export function clearAlarm(id: string, comment?: string): Promise<Alarm> {
  return apiFetch<Alarm>(`/api/v1/alarms/${encodeURIComponent(id)}/clear`, { method: 'POST', body: comment ? { comment } : {} });
}
