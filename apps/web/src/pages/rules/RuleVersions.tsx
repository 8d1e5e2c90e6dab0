import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleDefinition, RuleVersion } from '../../api/rules';
import { listRuleVersions } from '../../api/rules';
import { Dialog } from '../../components/Dialog';
import { TableStatus } from '../../components/TableStatus';
import { useApi } from '../../hooks/use-api';
import { useFormatDateTime } from '../../i18n/use-format-date-time';
import { definitionText } from './rule-draft';

interface Props {
  ruleId: string;
  /** The current version: a save reloads the list. */
  version: number;
  /** Loads an old version into the editor (saving it then writes a new version); null when read-only. */
  onRestore: ((definition: RuleDefinition) => void) | null;
}

const CHANGES = new Set(['created', 'updated', 'deleted']);

/** Every version of the rule, newest first, with who and when; any one can be opened. */
export function RuleVersions({ ruleId, version, onRestore }: Props) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const list = useApi((signal) => listRuleVersions(ruleId, signal), `${ruleId}@${version}`);
  const [open, setOpen] = useState<RuleVersion | null>(null);
  const items = list.data ?? [];

  return (
    <div className="rules-versions">
      <div className="table-wrap">
        <table className="data-table rules-table" data-testid="versions-table" aria-busy={list.loading}>
          <caption className="visually-hidden">{t('rules.versions.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rules.versions.version')}</th>
              <th scope="col">{t('rules.versions.change')}</th>
              <th scope="col">{t('rules.versions.by')}</th>
              <th scope="col">{t('rules.versions.at')}</th>
              <th scope="col">{t('rules.versions.summary')}</th>
              <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            <TableStatus columns={6} loading={list.loading} error={list.error} empty={items.length === 0} onRetry={list.reload} />
            {items.map((v) => (
              <tr key={v.version} data-version={v.version}>
                <th scope="row">
                  v{v.version}
                  {v.version === version && <span className="badge badge--info rules-badge-gap">{t('rules.versions.current')}</span>}
                </th>
                <td>{CHANGES.has(v.change) ? t(`rules.versions.changes.${v.change}`) : v.change}</td>
                <td>{v.createdBy ?? t('rules.versions.system')}</td>
                <td className="rules-nowrap">{formatDateTime(v.createdAt)}</td>
                <td className="rules-cell-clip" title={v.definition.name}>{conditionSummary(v.definition)}</td>
                <td>
                  <button type="button" className="button button--ghost" onClick={() => setOpen(v)} data-testid="version-view">
                    {t('rules.versions.view')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {open && (
        <Dialog
          title={t('rules.versions.dialogTitle', { version: open.version })}
          variant="wide"
          onClose={() => setOpen(null)}
          testId="version-dialog"
          footer={
            <>
              <button type="button" className="button button--ghost" onClick={() => setOpen(null)} data-autofocus>
                {t('common.close')}
              </button>
              {onRestore && open.version !== version && (
                <button
                  type="button"
                  className="button button--primary"
                  onClick={() => {
                    onRestore(open.definition);
                    setOpen(null);
                  }}
                  data-testid="version-restore"
                >
                  {t('rules.versions.restore')}
                </button>
              )}
            </>
          }
        >
          <p className="muted">{t('rules.versions.dialogMeta', { by: open.createdBy ?? t('rules.versions.system'), at: formatDateTime(open.createdAt) })}</p>
          <pre className="rules-versions__json mono" data-testid="version-json">{definitionText(open.definition)}</pre>
        </Dialog>
      )}
    </div>
  );
}

/** `gasConcentration >= 25` for the comparing kinds, the kind's name otherwise. */
export function conditionSummary(definition: RuleDefinition): string {
  const c = definition.condition;
  const subject = typeof c.attribute === 'string' ? c.attribute : typeof c.expression === 'string' ? c.expression : null;
  if (subject && typeof c.op === 'string' && c.value !== undefined) return `${subject} ${c.op} ${String(c.value)}`;
  return c.kind;
}
