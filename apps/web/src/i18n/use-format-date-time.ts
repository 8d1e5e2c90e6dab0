import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from './format-date';

/** `formatDateTime` bound to the current interface language. */
export function useFormatDateTime(): (value: Date | string | number) => string {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return useCallback((value) => formatDateTime(value, locale), [locale]);
}
