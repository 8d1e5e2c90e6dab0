import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportJob } from '../../../api/device-imports';
import { useFormatDateTime } from '../../../i18n/use-format-date-time';
import { importPercent } from './import-files';

/** The job's rows done of all, as a bar (its number for screen readers) and as counts. */
export function ImportProgress({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const id = useId();
  const percent = importPercent(job);
  const counts = [
    { key: 'total', value: job.total },
    { key: 'created', value: job.created },
    { key: 'updated', value: job.updated },
    { key: 'failed', value: job.failed },
  ] as const;

  return (
    <section className="di-card" aria-labelledby={`${id}-title`} data-testid="import-job" data-status={job.status} data-job-id={job.id}>
      <h2 id={`${id}-title`}>{t('deviceImport.progress.title', { file: job.fileName })}</h2>
      <p className="di-sub">{t('deviceImport.progress.started', { at: formatDateTime(job.createdAt) })}</p>
      <div className="di-progress-row">
        <div
          className="di-progress"
          role="progressbar"
          aria-labelledby={`${id}-title`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={t('deviceImport.progress.valueText', { percent, processed: job.status === 'running' ? job.processed : job.total, total: job.total })}
          data-testid="import-progress"
        >
          <div className={`di-progress__bar di-progress__bar--${job.status}`} style={{ width: `${percent}%` }} />
        </div>
        <span className="di-progress__percent" aria-hidden="true">{percent}%</span>
      </div>
      <p role="status" className="di-progress__status" data-testid="import-status">
        {t(`deviceImport.progress.status.${job.status}`)}
      </p>
      <dl className="di-counts">
        {counts.map((c) => (
          <div key={c.key} className={`di-counts__item di-counts__item--${c.key}`} data-testid={`import-count-${c.key}`} data-value={c.value}>
            <dt>{t(`deviceImport.progress.${c.key}`)}</dt>
            <dd>{c.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
