import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { useCan } from '../../hooks/use-can';
import './device-integration.css';

/** The device pages side by side; each link only for those whose permission its page needs (as registered). */
const LINKS = [
  { to: '/devices', titleKey: 'pages.devices.title', permission: 'devices:read', testId: 'di-nav-devices' },
  { to: '/devices/profiles', titleKey: 'pages.deviceProfiles.title', permission: 'devices:read', testId: 'di-nav-profiles' },
  { to: '/devices/import', titleKey: 'pages.deviceImport.title', permission: 'devices:manage', testId: 'di-nav-import' },
  { to: '/devices/provisioning-keys', titleKey: 'pages.provisioningKeys.title', permission: 'devices:manage', testId: 'di-nav-keys' },
] as const;

/** Links between the devices list, profiles, bulk import and provisioning keys, at the top of each. */
export function DeviceIntegrationNav() {
  const { t } = useTranslation();
  const can = useCan();
  return (
    <nav className="di-subnav" aria-label={t('deviceIntegration.nav')}>
      <ul>
        {LINKS.filter((link) => can(link.permission)).map((link) => (
          <li key={link.to}>
            {/* `end` on the devices list: /devices/profiles is not "the devices list". */}
            <NavLink to={link.to} end={link.to === '/devices'} className="di-subnav__link" data-testid={link.testId}>
              {t(link.titleKey)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
