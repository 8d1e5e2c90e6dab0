import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listProvisioningKeys, revokeProvisioningKey } from '../../../api/provisioning-keys';
import type { ProvisioningKey, ProvisioningKeyWithSecret } from '../../../api/provisioning-keys';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Icon } from '../../../components/Icon';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { useApi } from '../../../hooks/use-api';
import { useCounties } from '../../../hooks/use-counties';
import { useDepartments } from '../../../hooks/use-departments';
import { DeviceIntegrationNav } from '../DeviceIntegrationNav';
import { useProfiles } from '../profiles/use-profiles';
import { ProvisioningKeyFormDialog } from './ProvisioningKeyFormDialog';
import { ProvisioningKeySecretDialog } from './ProvisioningKeySecretDialog';
import { ProvisioningKeysTable } from './ProvisioningKeysTable';

type Open = { kind: 'create' } | { kind: 'secret'; created: ProvisioningKeyWithSecret } | { kind: 'revoke'; key: ProvisioningKey };

/**
 * `/devices/provisioning-keys`: keys devices register themselves with (POST /api/v1/devices/provision),
 * in the viewer's scope; create (its secret shown once) and revoke.
 */
export default function ProvisioningKeysPage() {
  const { t } = useTranslation();
  const departments = useDepartments();
  const counties = useCounties();
  const profiles = useProfiles();
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [page, setPage] = useState({ limit: 20, offset: 0 });
  const [open, setOpen] = useState<Open | null>(null);
  const query = { includeRevoked, ...page };
  const keys = useApi((signal) => listProvisioningKeys(query, signal), JSON.stringify(query));
  const close = () => setOpen(null);

  return (
    <div className="page di-page" data-testid="provisioning-keys-page">
      <PageHeader
        title={t('pages.provisioningKeys.title')}
        intro={t('provisioningKeys.intro')}
        actions={
          <button type="button" className="button button--primary" onClick={() => setOpen({ kind: 'create' })} data-testid="key-create">
            <Icon name="plus" size={18} />
            <span>{t('provisioningKeys.create')}</span>
          </button>
        }
      />
      <DeviceIntegrationNav />
      <div className="di-toolbar">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={includeRevoked}
            onChange={(e) => {
              setIncludeRevoked(e.target.checked);
              setPage((p) => ({ ...p, offset: 0 }));
            }}
            data-testid="keys-include-revoked"
          />
          <span>{t('provisioningKeys.includeRevoked')}</span>
        </label>
      </div>
      <ProvisioningKeysTable
        keys={keys.data?.items ?? []}
        total={keys.data?.total ?? null}
        loading={keys.loading}
        error={keys.error}
        onRetry={keys.reload}
        profileName={profiles.nameOf}
        departmentName={(id) => departments.names.get(id) ?? id}
        divisionName={(code) => counties.names.get(code) ?? code}
        onRevoke={(key) => setOpen({ kind: 'revoke', key })}
      />
      <Pagination label={t('provisioningKeys.pagination')} total={keys.data?.total ?? 0} {...page} onChange={setPage} />
      {open?.kind === 'create' && (
        <ProvisioningKeyFormDialog
          profiles={profiles.items}
          profileName={profiles.nameOf}
          departments={departments.flat}
          onClose={close}
          onCreated={(created) => {
            keys.reload();
            setOpen({ kind: 'secret', created });
          }}
        />
      )}
      {open?.kind === 'secret' && <ProvisioningKeySecretDialog created={open.created} onClose={close} />}
      {open?.kind === 'revoke' && (
        <ConfirmDialog
          title={t('provisioningKeys.revokeTitle')}
          confirmLabel={t('provisioningKeys.revoke')}
          danger
          onClose={close}
          onConfirm={async () => {
            await revokeProvisioningKey(open.key.id);
            close();
            keys.reload();
          }}
        >
          <p>{t('provisioningKeys.revokeBody', { name: open.key.name, id: open.key.id })}</p>
          <p className="muted">{t('provisioningKeys.revokeHint')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
