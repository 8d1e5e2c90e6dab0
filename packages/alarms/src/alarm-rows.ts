import type { Alarm, AlarmState } from './alarm-schemas.js';

export interface AlarmRow {
  id: string; rule_id: string; rule_version: number; rule_name: string; source_id: string; source_type: string;
  severity: Alarm['severity']; state: AlarmState; department_id: string | null; rule_department_id: string | null;
  division_code: string | null; division_path: string[]; message: Alarm['message']; value: unknown; reason: string | null;
  count: number; first_seen_at: Date; last_seen_at: Date; raised_at: Date; acknowledged_at: Date | null; acknowledged_by: string | null;
  cleared_at: Date | null; cleared_by: string | null; assignee: string | null; escalation_level: number; escalate_at: Date | null;
  case_id: string | null; updated_at: Date;
}

export const ALARM_COLUMNS = `id, rule_id, rule_version, rule_name, source_id, source_type, severity, state, department_id, rule_department_id,
  division_code, division_path, message, value, reason, count, first_seen_at, last_seen_at, raised_at, acknowledged_at, acknowledged_by,
  cleared_at, cleared_by, assignee, escalation_level, escalate_at, case_id, updated_at`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toAlarm(r: AlarmRow): Alarm {
  return {
    id: r.id, ruleId: r.rule_id, ruleVersion: r.rule_version, ruleName: r.rule_name, sourceId: r.source_id, sourceType: r.source_type,
    severity: r.severity, state: r.state, active: r.state.startsWith('active'), acknowledged: r.state.endsWith('_ack'),
    departmentId: r.department_id, ruleDepartmentId: r.rule_department_id, divisionCode: r.division_code, divisionPath: r.division_path,
    message: r.message, value: r.value ?? null, reason: r.reason, count: r.count, firstSeenAt: r.first_seen_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(), raisedAt: r.raised_at.toISOString(), acknowledgedAt: iso(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by, clearedAt: iso(r.cleared_at), clearedBy: r.cleared_by, assignee: r.assignee,
    escalationLevel: r.escalation_level, escalateAt: iso(r.escalate_at), caseId: r.case_id, updatedAt: r.updated_at.toISOString(),
  };
}
