import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProvisioningKeyWithSecret } from '../../../api/provisioning-keys';
import { CopyButton } from '../../../components/CopyButton';
import { Dialog } from '../../../components/Dialog';

/**
 * A new key as a device needs it: the key id (also listed later) and its secret, which the
 * server shows only in this answer. Like SecretDialog, with the two values a device sends.
 */
export function ProvisioningKeySecretDialog({ created, onClose }: { created: ProvisioningKeyWithSecret; onClose: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const fields = [
    { key: 'key', label: t('provisioningKeys.secret.keyLabel'), value: created.id, testId: 'key-id-value' },
    { key: 'secret', label: t('provisioningKeys.secret.secretLabel'), value: created.secret, testId: 'secret-value' },
  ];
  return (
    <Dialog
      title={t('provisioningKeys.secret.title', { name: created.name })}
      onClose={onClose}
      variant="wide"
      alert
      describedBy={`${id}-warning`}
      testId="secret-dialog"
      footer={
        <button type="button" className="button button--primary" onClick={onClose} data-testid="secret-done">
          {t('common.secretDone')}
        </button>
      }
    >
      <p id={`${id}-warning`} className="callout callout--warning" role="note">{t('provisioningKeys.secret.warning')}</p>
      {fields.map((field) => (
        <div key={field.key} className="field di-secret-field">
          <label htmlFor={`${id}-${field.key}`}>{field.label}</label>
          <div className="secret-field">
            <input
              id={`${id}-${field.key}`}
              className="secret-field__value"
              readOnly
              value={field.value}
              spellCheck={false}
              onFocus={(event) => event.currentTarget.select()}
              data-testid={field.testId}
              data-autofocus={field.key === 'secret' || undefined}
            />
            <CopyButton value={field.value} />
          </div>
        </div>
      ))}
      <p className="field__hint">{t('provisioningKeys.secret.howTo')}</p>
    </Dialog>
  );
}
