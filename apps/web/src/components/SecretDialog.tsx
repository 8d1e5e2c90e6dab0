import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from './CopyButton';
import { Dialog } from './Dialog';

export interface SecretDialogProps {
  title: string;
  /** What the value is, e.g. "One-time password of zhang.san". */
  label: string;
  value: string;
  /** Why it is shown only now and what to do with it. */
  warning: string;
  onClose: () => void;
}

/**
 * Shows a secret the server will never show again (a one-time password, an API key):
 * a warning, the value in a read-only field, a copy button. Nothing keeps it after close.
 */
export function SecretDialog({ title, label, value, warning, onClose }: SecretDialogProps) {
  const { t } = useTranslation();
  const fieldId = useId();
  const warningId = useId();
  return (
    <Dialog
      title={title}
      onClose={onClose}
      alert
      describedBy={warningId}
      testId="secret-dialog"
      footer={
        <button type="button" className="button button--primary" onClick={onClose} data-testid="secret-done">
          {t('common.secretDone')}
        </button>
      }
    >
      <p id={warningId} className="callout callout--warning" role="note">
        {warning}
      </p>
      <div className="field">
        <label htmlFor={fieldId}>{label}</label>
        <div className="secret-field">
          <input
            id={fieldId}
            className="secret-field__value"
            readOnly
            value={value}
            data-testid="secret-value"
            data-autofocus
            spellCheck={false}
            onFocus={(event) => event.currentTarget.select()}
          />
          <CopyButton value={value} />
        </div>
      </div>
    </Dialog>
  );
}
