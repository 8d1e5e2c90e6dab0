import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { useErrorMessage } from '../errors/use-error-message';

/**
 * An API failure as the user reads it: the translated `errors.<code>` sentence, then the
 * server's `detail` (it names the rule or the object) when it adds something.
 */
export function ProblemMessage({ error, testId = 'problem' }: { error: unknown; testId?: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const ref = useRef<HTMLDivElement>(null);
  // In a long form (a permission checklist) the message may appear below the fold.
  useEffect(() => {
    if (error !== null && error !== undefined) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [error]);
  if (error === null || error === undefined) return null;
  const message = errorMessage(error);
  const detail = isApiError(error) && error.detail && !message.includes(error.detail) ? error.detail : null;
  return (
    <div ref={ref} className="form-error problem" role="alert" data-testid={testId} data-code={isApiError(error) ? error.code : undefined}>
      <p className="problem__message">{message}</p>
      {detail && (
        <p className="problem__detail">
          <span className="visually-hidden">{t('common.serverDetail')}: </span>
          {detail}
        </p>
      )}
    </div>
  );
}
