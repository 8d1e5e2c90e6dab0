import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ThemeSwitch } from '../components/ThemeSwitch';
import { HOME_PATH } from '../pages/registry';
import { UserMenu } from './UserMenu';
import { useSystemInfo } from './use-system-info';

export function Header() {
  const { t } = useTranslation();
  const info = useSystemInfo();
  return (
    <header className="app-header">
      <Link to={HOME_PATH} className="brand">
        <img src="/favicon.svg" alt="" width={28} height={28} />
        <span className="brand__name">{t('app.name')}</span>
      </Link>
      {info?.regionName && (
        <p className="app-header__city" data-testid="city-name">
          <span className="visually-hidden">{t('header.city')}: </span>
          {info.regionName}
        </p>
      )}
      <div className="app-header__tools">
        <LanguageSwitch />
        <ThemeSwitch />
        <UserMenu />
      </div>
    </header>
  );
}
