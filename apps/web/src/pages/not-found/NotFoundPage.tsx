import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { HOME_PATH } from '../registry';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="page page--narrow">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to={HOME_PATH}>{t('notFound.back')}</Link>
      </p>
    </div>
  );
}
