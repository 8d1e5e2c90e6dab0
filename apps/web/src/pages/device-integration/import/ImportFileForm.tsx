import { useId, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../../components/Icon';
import { ProblemMessage } from '../../../components/ProblemMessage';
import { IMPORT_COLUMNS, importTemplateCsv } from './import-files';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Props {
  busy: boolean;
  error: unknown;
  onUpload: (file: File) => void;
}

/** Choose a CSV or XLSX file and send it; the template and the columns it may hold beside it. */
export function ImportFileForm({ busy, error, onUpload }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  const template = useMemo(() => `data:text/csv;charset=utf-8,${encodeURIComponent(importTemplateCsv())}`, []);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!file) {
      setMissing(true);
      return;
    }
    onUpload(file);
  };

  return (
    <section className="di-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('deviceImport.upload.title')}</h2>
      <form className="di-upload" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('deviceImport.upload.file')}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept={ACCEPT}
            aria-describedby={`${id}-hint${missing && !file ? ` ${id}-error` : ''}`}
            aria-invalid={(missing && !file) || undefined}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            data-testid="import-file"
          />
          <p id={`${id}-hint`} className="field__hint">{t('deviceImport.upload.hint')}</p>
          {missing && !file && <p id={`${id}-error`} className="field__error" data-testid="field-error">{t('deviceImport.upload.chooseFirst')}</p>}
        </div>
        <div className="di-upload__actions">
          <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy} data-testid="import-start">
            {busy ? t('deviceImport.upload.sending') : t('deviceImport.upload.start')}
          </button>
          <a className="button button--ghost" href={template} download="devices-template.csv" data-testid="import-template">
            <Icon name="download" size={18} />
            <span>{t('deviceImport.upload.template')}</span>
          </a>
        </div>
      </form>
      <ProblemMessage error={error} testId="import-upload-error" />
      <details className="di-columns">
        <summary>{t('deviceImport.columns.title')}</summary>
        <table className="data-table di-table">
          <caption className="visually-hidden">{t('deviceImport.columns.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('deviceImport.columns.column')}</th>
              <th scope="col">{t('deviceImport.columns.meaning')}</th>
            </tr>
          </thead>
          <tbody>
            {IMPORT_COLUMNS.map((c) => (
              <tr key={c.name}>
                <th scope="row" className="di-mono">
                  {c.name}
                  {c.required && <span className="di-sub">{t('deviceImport.columns.required')}</span>}
                </th>
                <td>{t(`deviceImport.columns.${c.name}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
