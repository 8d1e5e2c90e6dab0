import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { acknowledgeAlarm, clearAlarm, listAlarms } from '../../api/alarms';
import type { Alarm } from '../../api/alarms';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { DivisionSelect } from '../../components/DivisionSelect';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { ProblemMessage } from '../../components/ProblemMessage';
import { TableStatus } from '../../components/TableStatus';
import { useApi } from '../../hooks/use-api';
import { useCan } from '../../hooks/use-can';
import { useCounties } from '../../hooks/use-counties';
import { useDepartments } from '../../hooks/use-departments';
import { useFormatDateTime } from '../../i18n/use-format-date-time';
import { SEVERITY_COLORS } from '../../map/layers/alarm-layer';
import { useStream } from '../../realtime/use-stream';
import './alarms.css';

const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
const STATES = ['active_unack', 'active_ack', 'cleared_unack', 'cleared_ack'] as const;

/** Alarms, server-paged, filtered by severity, state, county and department; acknowledge and clear. */
export default function AlarmsPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const counties = useCounties();
  const formatDateTime = useFormatDateTime();
  const [severity, setSeverity] = useState('');
  const [state, setState] = useState('');
  const [county, setCounty] = useState('');
  const departments = useDepartments();
  const [department, setDepartment] = useState('');
  const [page, setPage] = useState({ limit: 20, offset: 0 });
  const [actionError, setActionError] = useState<unknown>(null);
  const query = { severity, state, division: county, departmentId: department, ...page };
  const list = useApi((signal) => listAlarms(query, signal), JSON.stringify(query));
  // A change pushed on the alarms topic reloads the page shown.
  useStream(['alarms'], () => list.reload());
  const zh = i18n.language.startsWith('zh');

  const act = async (action: (id: string) => Promise<Alarm>, alarm: Alarm) => {
    setActionError(null);
    try {
      await action(alarm.id);
      list.reload();
    } catch (error) {
      setActionError(error);
    }
  };

  const items = list.data?.items ?? [];
  return (
    <div className="page alarms-page" data-testid="alarms-page">
      <PageHeader title={t('pages.alarms.title')} intro={t('alarms.intro')} />
      <div className="filters alarms-filters">
        <label>
          {t('alarms.filters.severity')}{' '}
          <select value={severity} onChange={(event) => { setSeverity(event.target.value); setPage((p) => ({ ...p, offset: 0 })); }}>
            <option value="">{t('alarms.filters.all')}</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`alarms.severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('alarms.filters.state')}{' '}
          <select value={state} onChange={(event) => { setState(event.target.value); setPage((p) => ({ ...p, offset: 0 })); }}>
            <option value="">{t('alarms.filters.all')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`alarms.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('alarms.filters.county')}{' '}
          <DivisionSelect
            region={counties.region}
            counties={counties.counties}
            value={county}
            emptyLabel={t('alarms.filters.all')}
            onChange={(code) => {
              setCounty(code);
              setPage((p) => ({ ...p, offset: 0 }));
            }}
          />
        </label>
        <label>
          {t('alarms.filters.department')}{' '}
          <DepartmentSelect
            departments={departments.flat}
            value={department}
            emptyLabel={t('alarms.filters.all')}
            onChange={(id) => {
              setDepartment(id);
              setPage((p) => ({ ...p, offset: 0 }));
            }}
            testId="alarms-department"
          />
        </label>
      </div>
      {actionError !== null && <ProblemMessage error={actionError} />}
      <div className="table-wrap">
        <table className="data-table alarms-table" data-testid="alarms-table" aria-busy={list.loading}>
          <caption className="visually-hidden">{t('pages.alarms.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('alarms.columns.severity')}</th>
              <th scope="col">{t('alarms.columns.message')}</th>
              <th scope="col">{t('alarms.columns.source')}</th>
              <th scope="col">{t('alarms.columns.state')}</th>
              <th scope="col">{t('alarms.columns.raisedAt')}</th>
              <th scope="col">{t('alarms.columns.actions')}</th>
            </tr>
          </thead>
          <tbody>
            <TableStatus columns={6} loading={list.loading} error={list.error} empty={items.length === 0} emptyText={t('alarms.empty')} onRetry={list.reload} />
            {items.map((alarm) => (
              <tr key={alarm.id} data-alarm-id={alarm.id} data-rule-id={alarm.ruleId} data-state={alarm.state}>
                <td className="alarms-table__nowrap">
                  <span className="alarm-severity" style={{ background: SEVERITY_COLORS[alarm.severity] }}>
                    {t(`alarms.severity.${alarm.severity}`)}
                  </span>
                </td>
                <td>
                  <Link to={`/alarms/${encodeURIComponent(alarm.id)}`} data-testid="alarm-link">
                    {(zh ? alarm.message?.zh : alarm.message?.en) ?? alarm.ruleName}
                  </Link>
                </td>
                <td>
                  <Link to={`/entities/${encodeURIComponent(alarm.sourceId)}`} state={{ from: '/alarms' }}>
                    {alarm.sourceId}
                  </Link>
                </td>
                <td className="alarms-table__nowrap">{t(`alarms.state.${alarm.state}`)}</td>
                <td className="alarms-table__nowrap">{formatDateTime(alarm.raisedAt)}</td>
                <td className="alarms-actions">
                  {can('alarms:ack') && !alarm.acknowledged && (
                    <button type="button" className="button button--ghost" onClick={() => void act((id) => acknowledgeAlarm(id), alarm)}>
                      {t('alarms.acknowledge')}
                    </button>
                  )}
                  {can('alarms:ack') && alarm.active && (
                    <button type="button" className="button button--ghost" onClick={() => void act(clearAlarm, alarm)}>
                      {t('alarms.clear')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.data && <Pagination total={list.data.total} limit={page.limit} offset={page.offset} onChange={setPage} label={t('pages.alarms.title')} />}
    </div>
  );
}
