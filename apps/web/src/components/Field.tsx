import { cloneElement, isValidElement, useId } from 'react';
import type { ReactElement } from 'react';

interface ControlProps {
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

export interface FieldProps {
  label: string;
  /** One input, select or textarea; it receives id, aria-invalid and aria-describedby. */
  children: ReactElement<ControlProps>;
  hint?: string;
  error?: string | null;
  required?: boolean;
  className?: string;
}

/** A labelled control with its hint and its inline error, wired for screen readers. */
export function Field({ label, children, hint, error, required, className }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const control = isValidElement(children)
    ? cloneElement(children, { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })
    : children;
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>
        {label}
        {required && <span aria-hidden="true" className="field__required"> *</span>}
      </label>
      {control}
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field__error" data-testid="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
