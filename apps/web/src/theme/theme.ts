export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'zc.theme';
export const DEFAULT_THEME: Theme = 'light';
/** The big-screen view (`/overview?wall=1`) starts dark whatever was remembered. */
export const WALL_THEME: Theme = 'dark';

export function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

export function rememberTheme(theme: Theme): void {
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // No storage: the choice lasts for this page only.
  }
}

export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
}

export function isWallView(pathname: string, search: string): boolean {
  return pathname.startsWith('/overview') && new URLSearchParams(search).get('wall') === '1';
}
