import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Rule } from '../../api/rules';
import { listRules, RULE_KINDS, updateRule } from '../../api/rules';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { DivisionSelect } from '../../components/DivisionSelect';
import { Field } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { ProblemMessage } from '../../components/ProblemMessage';
import { TableStatus } from '../../components/TableStatus';
import { useApi } from '../../hooks/use-api';
import { useCan } from '../../hooks/use-can';
import { useCounties } from '../../hooks/use-counties';
import { useDepartments } from '../../hooks/use-departments';
import { useFormatDateTime } from '../../i18n/use-format-date-time';
import { RulesHealthSummary } from './RulesHealthSummary';
import { conditionSummary } from './RuleVersions';
import { isKnownKind } from './rule-draft';
import './rules.css';

interface Filters {
  kind: string;
  enabled: '' | 'true' | 'false';
  departmentId: string;
  divisionCode: string;
  entityType: string;
}

const EMPTY: Filters = { kind: '', enabled: '', departmentId: '', divisionCode: '', entityType: '' };
const SEVERITY_TONES: Record<string, string> = { critical: 'danger', major: 'warning', minor: 'info', warning: 'neutral' };

/** Alarm rules in the user's scope: filters, the engine's health, switching a rule on and off. */
export default function RulesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const counties = useCounties();
  const departments = useDepartments();
  const formatDateTime = useFormatDateTime();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [page, setPage] = useState({ limit: 20, offset: 0 });
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const query = { ...filters, enabled: filters.enabled === '' ? undefined : filters.enabled === 'true', ...page };
  const list = useApi((signal) => listRules(query, signal), JSON.stringify(query));
  const items = list.data?.items ?? [];
  const names = useMemo(() => new Map(items.map((r) => [r.id, r.definition.name])), [items]);
  const canManage = can('rules:manage');
  const filter = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage((p) => ({ ...p, offset: 0 }));
  };

  const toggle = async (rule: Rule) => {
    setBusy(rule.id);
    setActionError(null);
    try {
      await updateRule(rule.id, rule.version, { ...rule.definition, enabled: !rule.definition.enabled });
      list.reload();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(null);
    }
  };
  const scopeName = (code: string | null | undefined) => (code ? counties.names.get(code) ?? code : t('rules.list.wholeRegion'));

  return (
    <div className="page rules-page" data-testid="rules-page">
      <PageHeader
        title={t('pages.rules.title')}
        intro={t('rules.list.intro')}
        actions={canManage && <Link to="/rules/new" className="button button--primary" data-testid="rule-new">{t('rules.list.new')}</Link>}
      />
      <RulesHealthSummary names={names} />
      <form className="rules-filters" role="search" aria-label={t('rules.list.filters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('rules.list.kind')}>
          <select value={filters.kind} onChange={(e) => filter({ kind: e.target.value })} data-testid="filter-kind">
            <option value="">{t('rules.list.all')}</option>
            {RULE_KINDS.map((k) => <option key={k} value={k}>{t(`rules.kinds.${k}`)}</option>)}
          </select>
        </Field>
        <Field label={t('rules.list.enabled')}>
          <select value={filters.enabled} onChange={(e) => filter({ enabled: e.target.value as Filters['enabled'] })} data-testid="filter-enabled">
            <option value="">{t('rules.list.all')}</option>
            <option value="true">{t('rules.list.enabledOnly')}</option>
            <option value="false">{t('rules.list.disabledOnly')}</option>
          </select>
        </Field>
        <Field label={t('rules.list.department')}>
          <DepartmentSelect departments={departments.flat} value={filters.departmentId} emptyLabel={t('rules.list.allDepartments')} onChange={(departmentId) => filter({ departmentId })} testId="filter-department" />
        </Field>
        <Field label={t('rules.list.scope')}>
          <DivisionSelect region={counties.region} counties={counties.counties} value={filters.divisionCode} emptyLabel={t('rules.list.allScopes')} onChange={(divisionCode) => filter({ divisionCode })} testId="filter-division" />
        </Field>
        <Field label={t('rules.list.entityType')}>
          <input type="search" value={filters.entityType} onChange={(e) => filter({ entityType: e.target.value.trim() })} placeholder="AirQualityObserved" data-testid="filter-entity-type" />
        </Field>
      </form>
      {actionError !== null && <ProblemMessage error={actionError} />}
      <div className="table-wrap">
        <table className="data-table rules-table" data-testid="rules-table" aria-busy={list.loading}>
          <caption className="visually-hidden">{t('pages.rules.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rules.list.name')}</th>
              <th scope="col">{t('rules.list.kind')}</th>
              <th scope="col">{t('rules.list.condition')}</th>
              <th scope="col">{t('rules.list.severity')}</th>
              <th scope="col">{t('rules.list.scope')}</th>
              <th scope="col">{t('rules.list.department')}</th>
              <th scope="col">{t('rules.list.version')}</th>
              <th scope="col">{t('rules.list.enabled')}</th>
            </tr>
          </thead>
          <tbody>
            <TableStatus columns={8} loading={list.loading} error={list.error} empty={items.length === 0} emptyText={t('rules.list.empty')} onRetry={list.reload} />
            {items.map((rule) => {
              const d = rule.definition;
              return (
                <tr key={rule.id} data-rule-id={rule.id}>
                  <th scope="row" className="rules-cell-name">
                    <Link to={`/rules/${encodeURIComponent(rule.id)}`} data-testid="rule-link">{d.name}</Link>
                    <span className="rules-cell-sub mono">{rule.id}</span>
                  </th>
                  <td>
                    {isKnownKind(d.condition.kind) ? t(`rules.kinds.${d.condition.kind}`) : d.condition.kind}
                    <span className="rules-cell-sub mono">{d.entityType}</span>
                  </td>
                  <td className="mono rules-cell-condition">{conditionSummary(d)}</td>
                  <td><span className={`badge badge--${SEVERITY_TONES[d.severity] ?? 'neutral'}`}>{t(`rules.severity.${d.severity}`)}</span></td>
                  <td>{scopeName(d.divisionCode)}</td>
                  <td>{rule.departmentId ? departments.names.get(rule.departmentId) ?? rule.departmentId : '—'}</td>
                  <td className="rules-nowrap">
                    v{rule.version}
                    <span className="rules-cell-sub">{formatDateTime(rule.updatedAt)}</span>
                  </td>
                  <td>
                    {canManage ? (
                      <label className="rules-switch">
                        <input type="checkbox" role="switch" checked={d.enabled} disabled={busy === rule.id} onChange={() => void toggle(rule)} data-testid="rule-toggle" />
                        <span>{d.enabled ? t('rules.list.on') : t('rules.list.off')}</span>
                      </label>
                    ) : (
                      <span className={d.enabled ? 'badge badge--ok' : 'badge badge--neutral'}>{d.enabled ? t('rules.list.on') : t('rules.list.off')}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {list.data && <Pagination total={list.data.total} limit={page.limit} offset={page.offset} onChange={setPage} label={t('pages.rules.title')} />}
    </div>
  );
}
