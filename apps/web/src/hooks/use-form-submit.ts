import { useCallback, useState } from 'react';
import { isApiError } from '../api/client';

export interface FormSubmit {
  busy: boolean;
  /** The whole failure, for <ProblemMessage>. */
  error: unknown;
  /** Messages of a validation problem by field name (`body/username` → `username`). */
  fieldErrors: Record<string, string>;
  run: (action: () => Promise<void>) => Promise<void>;
  reset: () => void;
}

export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const out: Record<string, string> = {};
  for (const item of error.fieldErrors) {
    const field = item.path.split('/').filter(Boolean)[1];
    if (field && !(field in out)) out[field] = item.message;
  }
  return out;
}

/** Pending state and the server's problem for a form; the submit button is disabled while busy. */
export function useFormSubmit(): FormSubmit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }, []);
  const reset = useCallback(() => setError(null), []);
  return { busy, error, fieldErrors: fieldErrorsOf(error), run, reset };
}
