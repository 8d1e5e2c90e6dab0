import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';

export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom; a form inside `children` may render its own. */
  footer?: ReactNode;
  /** `drawer` slides in from the right edge (details), `wide` fits a checklist. */
  variant?: 'default' | 'wide' | 'drawer';
  testId?: string;
  /** A role="alertdialog" for confirmations and one-time secrets. */
  alert?: boolean;
  describedBy?: string;
}

/**
 * A modal on the native <dialog>: showModal() makes the page behind inert (focus stays
 * inside), Escape closes, the title labels it, and focus returns to the opener on close.
 * Mount it to open it; unmount it to close.
 */
export function Dialog({ title, onClose, children, footer, variant = 'default', testId, alert, describedBy }: DialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const autofocus = dialog.querySelector<HTMLElement>('[data-autofocus]');
    autofocus?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${variant}`}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      role={alert ? 'alertdialog' : undefined}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        closeRef.current();
      }}
    >
      <div className="dialog__head">
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={() => closeRef.current()}>
          <Icon name="close" size={18} />
        </button>
      </div>
      <div className="dialog__body">{children}</div>
      {footer && <div className="dialog__foot">{footer}</div>}
    </dialog>
  );
}
