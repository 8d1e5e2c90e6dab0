import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/** An entity type in words (`entities.types.<Type>`), or the type itself when it has none. */
export function useTypeLabel(): (type: string) => string {
  const { t, i18n } = useTranslation();
  return useCallback((type: string) => (i18n.exists(`entities.types.${type}`) ? t(`entities.types.${type}`) : type), [t, i18n]);
}
