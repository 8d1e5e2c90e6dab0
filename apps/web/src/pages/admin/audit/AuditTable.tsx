import { useTranslation } from 'react-i18next';
import type { AuditRecord } from '../../../api/admin-types';
import { TableStatus } from '../../../components/TableStatus';
import { useFormatDateTime } from '../../../i18n/use-format-date-time';
import { OutcomeBadge } from './OutcomeBadge';

interface Props {
  records: AuditRecord[];
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  onOpen: (record: AuditRecord) => void;
}

/** Newest first (the server's order; it offers no other sort). The sequence number opens the detail. */
export function AuditTable({ records, loading, error, onRetry, onOpen }: Props) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <div className="table-wrap">
      <table className="data-table admin-table" data-testid="audit-table" aria-busy={loading}>
        <caption>{t('audit.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.columns.seq')}</th>
            <th scope="col">{t('audit.columns.at')}</th>
            <th scope="col">{t('audit.columns.actor')}</th>
            <th scope="col">{t('audit.columns.source')}</th>
            <th scope="col">{t('audit.columns.action')}</th>
            <th scope="col">{t('audit.columns.object')}</th>
            <th scope="col">{t('audit.columns.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          <TableStatus columns={7} loading={loading} error={error} empty={records.length === 0} emptyText={t('audit.empty')} onRetry={onRetry} />
          {records.map((r) => (
            <tr key={r.seq} data-action={r.action} className="clickable-row" onClick={() => onOpen(r)}>
              <th scope="row">
                <button type="button" className="link-button mono" aria-label={t('audit.openRecord', { seq: r.seq })} onClick={(event) => {
                  event.stopPropagation();
                  onOpen(r);
                }}>
                  {r.seq}
                </button>
              </th>
              <td className="nowrap">{formatDateTime(r.at)}</td>
              <td>
                {r.actorName ?? '—'}
                <span className="cell-sub">{t(`audit.actorKinds.${r.actorKind}`)}</span>
              </td>
              <td className="mono">{r.sourceIp ?? '—'}</td>
              <td className="mono">{r.action}</td>
              <td>
                {r.objectType ?? '—'}
                {r.objectId && <span className="cell-sub mono cell-clip">{r.objectId}</span>}
              </td>
              <td>
                <OutcomeBadge outcome={r.outcome} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
