import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { startDeviceImport } from '../../../api/device-imports';
import type { ImportJob } from '../../../api/device-imports';
import { PageHeader } from '../../../components/PageHeader';
import { ProblemMessage } from '../../../components/ProblemMessage';
import { DeviceIntegrationNav } from '../DeviceIntegrationNav';
import { ImportCredentials } from './ImportCredentials';
import { ImportErrors } from './ImportErrors';
import { ImportFileForm } from './ImportFileForm';
import { ImportProgress } from './ImportProgress';
import { useImportJob } from './use-import-job';

/**
 * `/devices/import`: bulk provisioning from a CSV or XLSX file. The running job's id is in
 * the address (`?job=`), so a reload follows the same job; its generated tokens can be taken
 * once, after it finished.
 */
export default function DeviceImportPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const jobId = params.get('job');
  const [started, setStarted] = useState<ImportJob | null>(null);
  const [sending, setSending] = useState(false);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const { job, error } = useImportJob(jobId, started);

  const upload = async (file: File) => {
    setSending(true);
    setUploadError(null);
    try {
      const next = await startDeviceImport(file);
      setStarted(next);
      setParams({ job: next.id });
    } catch (caught) {
      setUploadError(caught);
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="page di-page" data-testid="device-import-page">
      <PageHeader
        title={t('pages.deviceImport.title')}
        intro={t('deviceImport.intro')}
        actions={
          jobId && (
            <button type="button" className="button button--ghost" onClick={() => setParams({})} data-testid="import-another">
              {t('deviceImport.another')}
            </button>
          )
        }
      />
      <DeviceIntegrationNav />
      {!jobId && <ImportFileForm busy={sending} error={uploadError} onUpload={(file) => void upload(file)} />}
      {jobId && error !== null && <ProblemMessage error={error} testId="import-job-error" />}
      {jobId && !job && error === null && <p role="status">{t('common.loading')}</p>}
      {job && (
        <>
          <ImportProgress job={job} />
          {job.status === 'failed' && <p className="form-error" role="alert" data-testid="import-failed">{t('deviceImport.failed')}</p>}
          <ImportCredentials job={job} />
          <ImportErrors job={job} />
          {job.status === 'done' && job.created + job.updated > 0 && (
            <p>
              <Link to="/devices" data-testid="import-devices-link">{t('deviceImport.seeDevices')}</Link>
            </p>
          )}
        </>
      )}
    </div>
  );
}
