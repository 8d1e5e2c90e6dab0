import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router-dom';
import { LoadingScreen } from '../components/LoadingScreen';
import { useTheme } from '../theme/theme-context';
import { Header } from './Header';
import { RouteNotice } from './RouteNotice';
import { SideNav } from './SideNav';
import { usePageTitle } from './use-page-title';
import './layout.css';

/** Header, side navigation and the page outlet. The wall view drops the navigation. */
export function AppLayout() {
  const { t } = useTranslation();
  const { wall } = useTheme();
  usePageTitle();
  return (
    <div className={wall ? 'app-shell app-shell--wall' : 'app-shell'}>
      <a className="skip-link" href="#main-content">
        {t('app.skipToContent')}
      </a>
      <Header />
      {!wall && <SideNav />}
      <main id="main-content" className="app-main" tabIndex={-1}>
        <RouteNotice />
        <Suspense fallback={<LoadingScreen />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
