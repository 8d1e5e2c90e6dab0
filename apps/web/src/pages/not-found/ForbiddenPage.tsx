import { useTranslation } from 'react-i18next';

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <div className="page page--narrow">
      <h1>{t('forbidden.title')}</h1>
      <p>{t('forbidden.body')}</p>
    </div>
  );
}
