import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditFilter, AuditRecord } from '../../../api/admin-types';
import { listAudit } from '../../../api/audit';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { useApi } from '../../../hooks/use-api';
import { useCan } from '../../../hooks/use-can';
import '../admin.css';
import { AuditDetailDrawer } from './AuditDetailDrawer';
import { AuditFilters, EMPTY_AUDIT_FILTERS } from './AuditFilters';
import type { AuditFilterValues } from './AuditFilters';
import { AuditTable } from './AuditTable';
import { ExportButtons } from './ExportButtons';
import { VerifyChain } from './VerifyChain';
import { shanghaiLocalToIso } from './shanghai-time';

function toFilter(values: AuditFilterValues): AuditFilter {
  return {
    from: values.from ? shanghaiLocalToIso(values.from) : undefined,
    to: values.to ? shanghaiLocalToIso(values.to) : undefined,
    actor: values.actor || undefined,
    action: values.action || undefined,
    outcome: values.outcome || undefined,
    objectType: values.objectType || undefined,
    objectId: values.objectId || undefined,
  };
}

/** `/admin/audit`: the audit administrator's view of the log (newest first), its chain check and export. */
export default function AuditPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [values, setValues] = useState<AuditFilterValues>(EMPTY_AUDIT_FILTERS);
  const [page, setPage] = useState({ limit: 50, offset: 0 });
  const [selected, setSelected] = useState<AuditRecord | null>(null);
  const filter = toFilter(values);
  const records = useApi((signal) => listAudit(filter, page, signal), JSON.stringify([filter, page]));

  return (
    <div className="page admin-page" data-testid="audit-page">
      <PageHeader
        title={t('pages.audit.title')}
        intro={t('audit.intro')}
        actions={
          <>
            <VerifyChain />
            {can('audit:export') && <ExportButtons filter={filter} />}
          </>
        }
      />
      <AuditFilters
        value={values}
        onApply={(next) => {
          setValues(next);
          setPage((current) => ({ ...current, offset: 0 }));
        }}
      />
      <AuditTable records={records.data?.items ?? []} loading={records.loading} error={records.error} onRetry={records.reload} onOpen={setSelected} />
      <Pagination label={t('audit.pagination')} total={records.data?.total ?? 0} {...page} onChange={setPage} />
      {selected && <AuditDetailDrawer record={selected} onClose={() => setSelected(null)} />}
    </div>
  );
}
