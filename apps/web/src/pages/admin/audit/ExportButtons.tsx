import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditFilter } from '../../../api/admin-types';
import { exportAudit } from '../../../api/audit';
import { downloadBlob } from '../../../components/download';
import { Icon } from '../../../components/Icon';
import { ProblemMessage } from '../../../components/ProblemMessage';


/** Export the filtered log as CSV or JSON (fetched with the Bearer header, never a token in a URL). */
export function ExportButtons({ filter }: { filter: AuditFilter }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<'csv' | 'json' | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function run(format: 'csv' | 'json') {
    setBusy(format);
    setError(null);
    try {
      const file = await exportAudit(filter, format);
      downloadBlob(file.blob, file.filename);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="export-buttons">
      {(['csv', 'json'] as const).map((format) => (
        <button key={format} type="button" className="button button--ghost" disabled={busy !== null} aria-busy={busy === format} data-testid={`audit-export-${format}`} onClick={() => void run(format)}>
          <Icon name="download" size={18} />
          <span>{t(`audit.export.${format}`)}</span>
        </button>
      ))}
      <ProblemMessage error={error} />
    </div>
  );
}
