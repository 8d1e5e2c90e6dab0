import { useTranslation } from 'react-i18next';
import type { AuditRecord } from '../../../api/admin-types';
import { Dialog } from '../../../components/Dialog';
import { useFormatDateTime } from '../../../i18n/use-format-date-time';
import { OutcomeBadge } from './OutcomeBadge';

/** Every field of one record, its detail as JSON, and its chain hash. */
export function AuditDetailDrawer({ record, onClose }: { record: AuditRecord; onClose: () => void }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const rows: [string, string | null][] = [
    ['audit.columns.at', formatDateTime(record.at)],
    ['audit.columns.actor', record.actorName],
    ['audit.actorKind', t(`audit.actorKinds.${record.actorKind}`)],
    ['audit.actorId', record.actorId],
    ['audit.departmentId', record.departmentId],
    ['audit.columns.source', record.sourceIp],
    ['audit.columns.action', record.action],
    ['audit.objectType', record.objectType],
    ['audit.objectId', record.objectId],
    ['audit.requestId', record.requestId],
  ];
  return (
    <Dialog title={t('audit.recordTitle', { seq: record.seq })} onClose={onClose} variant="drawer" testId="audit-detail">
      <dl className="detail-list">
        {rows.map(([key, value]) => (
          <div key={key}>
            <dt>{t(key)}</dt>
            <dd className={key === 'audit.columns.at' || key === 'audit.actorKind' ? undefined : 'mono'}>{value ?? '—'}</dd>
          </div>
        ))}
        <div>
          <dt>{t('audit.columns.outcome')}</dt>
          <dd>
            <OutcomeBadge outcome={record.outcome} />
          </dd>
        </div>
      </dl>
      <h3 className="detail-heading">{t('audit.detail')}</h3>
      <pre className="code-block" data-testid="audit-detail-json">
        {JSON.stringify(record.detail, null, 2)}
      </pre>
      <h3 className="detail-heading">{t('audit.hash')}</h3>
      <p className="mono hash">{record.hash}</p>
    </Dialog>
  );
}
