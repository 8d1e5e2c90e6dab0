import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportCredential, ImportJob } from '../../../api/device-imports';
import { takeImportCredentials } from '../../../api/device-imports';
import { Icon } from '../../../components/Icon';
import { ProblemMessage } from '../../../components/ProblemMessage';
import { downloadText } from '../../../components/download';
import { credentialsCsv, derivedFileName } from './import-files';

/**
 * The tokens the job generated for the devices it created, handed out by the server ONCE:
 * taken on the click, saved as CSV, and kept on this page (for a second save) until it is left.
 */
export function ImportCredentials({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const id = useId();
  const [items, setItems] = useState<ImportCredential[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fileName = derivedFileName(job.fileName, 'credentials');
  const save = (list: ImportCredential[]) => downloadText(fileName, credentialsCsv(list));

  const take = async () => {
    setBusy(true);
    setError(null);
    try {
      const { items: taken } = await takeImportCredentials(job.id);
      setItems(taken);
      if (taken.length > 0) save(taken);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (job.status !== 'done' || job.created === 0) return null;
  return (
    <section className="di-card" aria-labelledby={`${id}-title`} data-testid="import-credentials">
      <h2 id={`${id}-title`}>{t('deviceImport.credentials.title')}</h2>
      <p className="callout callout--warning" role="note">{t('deviceImport.credentials.warning')}</p>
      {items === null ? (
        <button type="button" className="button button--primary" onClick={() => void take()} disabled={busy} aria-busy={busy} data-testid="import-credentials-take">
          <Icon name="download" size={18} />
          <span>{t('deviceImport.credentials.take', { count: job.created })}</span>
        </button>
      ) : items.length === 0 ? (
        <p className="notice" data-testid="import-credentials-none">{t('deviceImport.credentials.none')}</p>
      ) : (
        <div className="di-credentials-done" data-testid="import-credentials-taken" data-count={items.length}>
          <p role="status">{t('deviceImport.credentials.taken', { count: items.length, file: fileName })}</p>
          <button type="button" className="button button--ghost" onClick={() => save(items)} data-testid="import-credentials-again">
            {t('deviceImport.credentials.again')}
          </button>
        </div>
      )}
      <ProblemMessage error={error} testId="import-credentials-error" />
    </section>
  );
}
