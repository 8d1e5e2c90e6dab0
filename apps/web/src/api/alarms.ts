import { apiFetch } from './client';

export type AlarmSeverity = 'critical' | 'major' | 'minor' | 'warning';
export type AlarmState = 'active_unack' | 'active_ack' | 'cleared_unack' | 'cleared_ack';

/** An alarm as `GET /api/v1/alarms` returns it (`Alarm` in packages/alarms/src/alarm-schemas.ts). */
export interface Alarm {
  id: string;
  ruleId: string;
  ruleVersion: number;
  ruleName: string;
  /** An entity id, or `division:<code>` for a composite rule. */
  sourceId: string;
  sourceType: string;
  severity: AlarmSeverity;
  state: AlarmState;
  active: boolean;
  acknowledged: boolean;
  departmentId: string | null;
  divisionCode: string | null;
  divisionPath: string[];
  message: { zh: string; en: string } | null;
  value: unknown;
  reason: string | null;
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  clearedAt: string | null;
  clearedBy: string | null;
  /** A user id. */
  assignee: string | null;
  escalationLevel: number;
  escalateAt: string | null;
  caseId: string | null;
  updatedAt: string;
}

/** One transition or comment (`AlarmHistoryEntry`); `actor` is a username, `rule:<id>` or `system`. */
export interface AlarmHistoryEntry {
  id: number;
  at: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  actor: string | null;
  comment: string | null;
  detail: Record<string, unknown>;
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
  /** The owning department. */
  departmentId?: string;
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

const one = (id: string) => `/api/v1/alarms/${encodeURIComponent(id)}`;

export function getAlarm(id: string, signal?: AbortSignal): Promise<Alarm> {
  return apiFetch<Alarm>(one(id), { signal });
}

export async function alarmHistory(id: string, signal?: AbortSignal): Promise<AlarmHistoryEntry[]> {
  return (await apiFetch<{ items: AlarmHistoryEntry[] }>(`${one(id)}/history`, { signal })).items;
}

/** `assignee` is a user id; null unassigns. */
export function assignAlarm(id: string, assignee: string | null, comment?: string): Promise<Alarm> {
  return apiFetch<Alarm>(`${one(id)}/assign`, { method: 'POST', body: comment ? { assignee, comment } : { assignee } });
}

export function commentAlarm(id: string, comment: string): Promise<Alarm> {
  return apiFetch<Alarm>(`${one(id)}/comments`, { method: 'POST', body: { comment } });
}
