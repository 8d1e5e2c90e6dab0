import { useTranslation } from 'react-i18next';
import { useTheme } from '../theme/theme-context';
import { Icon } from './Icon';

/** Shows the theme it switches to, and says so to screen readers. */
export function ThemeSwitch() {
  const { t } = useTranslation();
  const { theme, toggleTheme } = useTheme();
  const toDark = theme === 'light';
  return (
    <button
      type="button"
      className="button button--ghost"
      data-testid="theme-switch"
      aria-label={toDark ? t('header.themeToDark') : t('header.themeToLight')}
      title={toDark ? t('header.themeToDark') : t('header.themeToLight')}
      onClick={toggleTheme}
    >
      <Icon name={toDark ? 'moon' : 'sun'} size={18} />
      <span className="button__text">{toDark ? t('header.themeDark') : t('header.themeLight')}</span>
    </button>
  );
}
