import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiKey } from '../../../api/admin-types';
import { listApiKeys, revokeApiKey } from '../../../api/api-keys';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Icon } from '../../../components/Icon';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { SecretDialog } from '../../../components/SecretDialog';
import { useApi } from '../../../hooks/use-api';
import { useDepartments } from '../../../hooks/use-departments';
import '../admin.css';
import { ApiKeyFormDialog } from './ApiKeyFormDialog';
import { ApiKeysTable } from './ApiKeysTable';

type Open = { kind: 'create' } | { kind: 'secret'; key: ApiKey; secret: string } | { kind: 'revoke'; key: ApiKey };

/** `/admin/api-keys`: keys for integrators (never their secrets), create (secret shown once), revoke. */
export default function ApiKeysPage() {
  const { t } = useTranslation();
  const departments = useDepartments();
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [page, setPage] = useState({ limit: 20, offset: 0 });
  const [open, setOpen] = useState<Open | null>(null);
  const query = { includeRevoked, ...page };
  const keys = useApi((signal) => listApiKeys(query, signal), JSON.stringify(query));
  const close = () => setOpen(null);

  return (
    <div className="page admin-page" data-testid="api-keys-page">
      <PageHeader
        title={t('pages.apiKeys.title')}
        intro={t('apiKeys.intro')}
        actions={
          <button type="button" className="button button--primary" data-testid="api-key-create" onClick={() => setOpen({ kind: 'create' })}>
            <Icon name="plus" size={18} />
            <span>{t('apiKeys.create')}</span>
          </button>
        }
      />
      <div className="filters filters--inline">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={includeRevoked}
            onChange={(event) => {
              setIncludeRevoked(event.target.checked);
              setPage((current) => ({ ...current, offset: 0 }));
            }}
          />
          <span>{t('apiKeys.includeRevoked')}</span>
        </label>
      </div>
      <ApiKeysTable keys={keys.data?.items ?? []} loading={keys.loading} error={keys.error} onRetry={keys.reload} departmentNames={departments.names} onRevoke={(key) => setOpen({ kind: 'revoke', key })} />
      <Pagination label={t('apiKeys.pagination')} total={keys.data?.total ?? 0} {...page} onChange={setPage} />
      {open?.kind === 'create' && (
        <ApiKeyFormDialog
          departments={departments.flat}
          onClose={close}
          onCreated={(created) => {
            keys.reload();
            setOpen({ kind: 'secret', key: created.key, secret: created.secret });
          }}
        />
      )}
      {open?.kind === 'secret' && (
        <SecretDialog title={t('apiKeys.secretTitle')} label={t('apiKeys.secretLabel', { name: open.key.name })} value={open.secret} warning={t('apiKeys.secretWarning')} onClose={close} />
      )}
      {open?.kind === 'revoke' && (
        <ConfirmDialog
          title={t('apiKeys.revokeTitle')}
          confirmLabel={t('apiKeys.revoke')}
          danger
          onClose={close}
          onConfirm={async () => {
            await revokeApiKey(open.key.id);
            close();
            keys.reload();
          }}
        >
          <p>{t('apiKeys.revokeBody', { name: open.key.name, prefix: open.key.prefix })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
