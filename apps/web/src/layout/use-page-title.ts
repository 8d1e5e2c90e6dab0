import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { pageForPath } from '../pages/navigation';

/** Keeps `document.title` on the current registered page, in the current language. */
export function usePageTitle(): void {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const page = pageForPath(pathname);
  const title = page ? t('app.pageTitle', { page: t(page.titleKey) }) : t('app.name');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
