import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';

/**
 * Turns any thrown value into a sentence for the user: the `errors.<code>` translation
 * when there is one, else the generic message. The server's `detail` is appended only
 * where it carries user-facing text (the password policy names the rule that failed).
 */
export function useErrorMessage(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (!isApiError(error)) return t('errors.generic');
      const key = `errors.${error.code}`;
      const message = i18n.exists(key) ? t(key) : t('errors.generic');
      if (error.code === 'ERR_AUTH_PASSWORD_POLICY' && error.detail) return `${message} ${error.detail}`;
      return message;
    },
    [t, i18n],
  );
}
