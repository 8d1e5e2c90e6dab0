import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportJob } from '../../../api/device-imports';
import { Icon } from '../../../components/Icon';
import { downloadText } from '../../../components/download';
import { derivedFileName, errorsCsv, errorText, rowColumn } from './import-files';

/** The rows the job refused: where (row, column), which device, and the server's reason. */
export function ImportErrors({ job }: { job: ImportJob }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  /** The reason in the reader's language when the code is known; the server's words otherwise (and always as a tooltip). */
  const reason = (code: string | undefined, message: string) =>
    code && i18n.exists(`deviceImport.rowErrors.${code}`) ? t(`deviceImport.rowErrors.${code}`) : errorText(message);
  if (job.errors.length === 0) return null;
  return (
    <section className="di-card" aria-labelledby={`${id}-title`} data-testid="import-errors">
      <div className="di-card__head">
        <h2 id={`${id}-title`}>{t('deviceImport.errors.title', { count: job.failed })}</h2>
        <button type="button" className="button button--ghost" onClick={() => downloadText(derivedFileName(job.fileName, 'errors'), errorsCsv(job.errors))} data-testid="import-errors-download">
          <Icon name="download" size={18} />
          <span>{t('deviceImport.errors.download')}</span>
        </button>
      </div>
      {job.failed > job.errors.length && <p className="callout callout--warning">{t('deviceImport.errors.truncated', { count: job.errors.length })}</p>}
      <div className="di-table-wrap">
        <table className="data-table di-table" data-testid="import-errors-table">
          <caption className="visually-hidden">{t('deviceImport.errors.caption')}</caption>
          <thead>
            <tr>
              <th scope="col" className="di-num di-row-number">{t('deviceImport.errors.row')}</th>
              <th scope="col">{t('deviceImport.errors.device')}</th>
              <th scope="col">{t('deviceImport.errors.column')}</th>
              <th scope="col">{t('deviceImport.errors.message')}</th>
            </tr>
          </thead>
          <tbody>
            {job.errors.map((e) => (
              <tr key={`${e.row}-${e.message}`} data-row={e.row}>
                <th scope="row" className="di-num">{e.row}</th>
                <td className="di-mono">{e.id ?? '—'}</td>
                <td className="di-mono" data-testid="import-error-column">{rowColumn(e) ?? '—'}</td>
                <td data-testid="import-error-message" data-code={e.code} title={errorText(e.message)}>{reason(e.code, e.message)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
