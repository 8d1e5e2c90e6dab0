import { useTranslation } from 'react-i18next';

/** Cancel and submit at the foot of a dialog's form; submit is disabled while the request runs. */
export function FormActions({ busy, submitLabel, onCancel }: { busy: boolean; submitLabel: string; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <button type="button" className="button button--ghost" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy} data-testid="form-submit">
        {busy ? t('common.saving') : submitLabel}
      </button>
    </div>
  );
}
