import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';
import { ProblemMessage } from './ProblemMessage';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /**
   * Runs the action and then closes or replaces the dialog (the caller decides: a reset
   * password is followed by the dialog showing it). A rejection is shown here instead.
   */
  onConfirm: () => Promise<void>;
  /** Cancel, Escape, the close button. */
  onClose: () => void;
}

/** "Are you sure?" with the action's own verb on the button; Cancel has the focus first. */
export function ConfirmDialog({ title, children, confirmLabel, danger, onConfirm, onClose }: ConfirmDialogProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const bodyId = useId();

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={title}
      onClose={onClose}
      alert
      describedBy={bodyId}
      testId="confirm-dialog"
      footer={
        <>
          <button type="button" className="button button--ghost" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className={danger ? 'button button--danger' : 'button button--primary'}
            disabled={busy}
            aria-busy={busy}
            data-testid="confirm-button"
            onClick={() => void confirm()}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      <div id={bodyId}>{children}</div>
      <ProblemMessage error={error} />
    </Dialog>
  );
}
