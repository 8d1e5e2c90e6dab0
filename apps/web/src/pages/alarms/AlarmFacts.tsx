import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Alarm } from '../../api/alarms';
import { getEntity } from '../../api/datahub';
import { useApi } from '../../hooks/use-api';
import { useCan } from '../../hooks/use-can';
import { useFormatDateTime } from '../../i18n/use-format-date-time';
import { useTypeLabel } from '../entities/use-type-label';
import { countyOf, formatAlarmValue } from './alarm-format';
import { useReasonLabel } from './use-reason-label';
import { UserName } from './UserName';

export interface AlarmFactsProps {
  alarm: Alarm;
  countyNames: ReadonlyMap<string, string>;
  departmentNames: ReadonlyMap<string, string>;
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="alarm-facts__row" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** What the alarm is about, where, since when, and who has it. */
export function AlarmFacts({ alarm, countyNames, departmentNames }: AlarmFactsProps) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const when = (value: string | null) => (value ? formatDateTime(value) : '—');
  const can = useCan();
  const typeLabel = useTypeLabel();
  const reasonLabel = useReasonLabel();
  const entitySource = !alarm.sourceId.startsWith('division:');
  const mayReadSource = entitySource && can('entities:read');
  const source = useApi((signal) => (mayReadSource ? getEntity(alarm.sourceId, signal) : Promise.resolve(null)), `${alarm.sourceId}|${String(mayReadSource)}`);
  const sourceName = typeof source.data?.attributes.name === 'string' ? source.data.attributes.name : null;
  const county = countyOf(alarm.divisionPath, alarm.divisionCode, countyNames);
  const department = alarm.departmentId ? (departmentNames.get(alarm.departmentId) ?? alarm.departmentId) : null;

  return (
    <dl className="alarm-facts" data-testid="alarm-facts">
      <Fact label={t('alarms.detail.rule')}>
        {alarm.ruleName}
        <span className="alarm-facts__sub">{t('alarms.detail.ruleVersion', { id: alarm.ruleId, version: alarm.ruleVersion })}</span>
      </Fact>
      <Fact label={t('alarms.detail.source')} testId="alarm-source">
        {mayReadSource ? (
          <Link to={`/entities/${encodeURIComponent(alarm.sourceId)}`} state={{ from: `/alarms/${encodeURIComponent(alarm.id)}` }} data-testid="alarm-source-link">
            {sourceName ?? alarm.sourceId}
          </Link>
        ) : (
          <span>{alarm.sourceId}</span>
        )}
        <span className="alarm-facts__sub">{typeLabel(alarm.sourceType)}</span>
        {sourceName && <span className="alarm-facts__sub alarm-facts__id">{alarm.sourceId}</span>}
      </Fact>
      <Fact label={t('alarms.detail.value')}>
        {formatAlarmValue(alarm.value)}
        {alarm.reason && <span className="alarm-facts__sub">{reasonLabel(alarm.reason)}</span>}
      </Fact>
      <Fact label={t('alarms.detail.county')}>{county ?? '—'}</Fact>
      <Fact label={t('alarms.detail.department')}>{department ?? '—'}</Fact>
      <Fact label={t('alarms.detail.firstSeen')}>{when(alarm.firstSeenAt)}</Fact>
      <Fact label={t('alarms.detail.lastSeen')}>{when(alarm.lastSeenAt)}</Fact>
      <Fact label={t('alarms.detail.raisedAt')}>{when(alarm.raisedAt)}</Fact>
      <Fact label={t('alarms.detail.count')} testId="alarm-count">
        {alarm.count}
      </Fact>
      <Fact label={t('alarms.detail.escalation')} testId="alarm-escalation">
        {alarm.escalationLevel > 0 ? t('alarms.detail.escalatedTo', { level: alarm.escalationLevel }) : t('alarms.detail.notEscalated')}
        {alarm.escalateAt && <span className="alarm-facts__sub">{t('alarms.detail.escalatesAt', { time: formatDateTime(alarm.escalateAt) })}</span>}
      </Fact>
      <Fact label={t('alarms.detail.acknowledged')} testId="alarm-acknowledged">
        {alarm.acknowledgedAt ? t('alarms.detail.byAt', { who: alarm.acknowledgedBy ?? '—', time: formatDateTime(alarm.acknowledgedAt) }) : t('alarms.detail.notYet')}
      </Fact>
      <Fact label={t('alarms.detail.assignee')} testId="alarm-assignee">
        {alarm.assignee ? <UserName id={alarm.assignee} /> : t('alarms.detail.unassigned')}
      </Fact>
      <Fact label={t('alarms.detail.cleared')} testId="alarm-cleared">
        {alarm.clearedAt ? t('alarms.detail.byAt', { who: alarm.clearedBy === 'rule' ? t('alarms.detail.actorRule') : (alarm.clearedBy ?? '—'), time: formatDateTime(alarm.clearedAt) }) : t('alarms.detail.notYet')}
      </Fact>
      {alarm.caseId && <Fact label={t('alarms.detail.case')}>{alarm.caseId}</Fact>}
    </dl>
  );
}
