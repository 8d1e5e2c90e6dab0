import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';
import { Icon } from '../components/Icon';
import { navigationFor } from '../pages/navigation';

/** Generated from the page registry, filtered by the user's permissions. */
export function SideNav() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const sections = navigationFor(user?.permissions ?? []);
  // An item with items under it (设备 over 设备模板…) is current only on its own address, so
  // one item is highlighted; others also on their detail pages (告警 on /alarms/:id).
  const paths = sections.flatMap((s) => s.items.map((i) => i.path));
  const hasChildren = (path: string) => paths.some((p) => p.startsWith(`${path}/`));
  return (
    <nav className="side-nav" aria-label={t('nav.label')}>
      {sections.map((section) => (
        <section key={section.id} className="side-nav__section" aria-labelledby={`nav-${section.id}`}>
          <h2 id={`nav-${section.id}`} className="side-nav__heading">
            {t(`nav.sections.${section.id}`)}
          </h2>
          <ul className="side-nav__list">
            {section.items.map((page) => (
              <li key={page.id}>
                <NavLink to={page.path} end={hasChildren(page.path)} className="side-nav__link" data-testid={`nav-${page.id}`}>
                  {page.icon && <Icon name={page.icon} size={18} />}
                  <span>{t(page.titleKey)}</span>
                </NavLink>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
