import { useCallback, useLayoutEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { DEFAULT_THEME, WALL_THEME, applyTheme, isWallView, rememberTheme, storedTheme } from './theme';
import type { Theme } from './theme';
import { ThemeContext } from './theme-context';
import type { ThemeState } from './theme-context';

/**
 * Light or dark, remembered in localStorage. On the wall view the theme starts dark and a
 * switch there lasts only while on the wall, so the big screen always comes back dark.
 */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const location = useLocation();
  const wall = isWallView(location.pathname, location.search);
  const [remembered, setRemembered] = useState<Theme>(() => storedTheme() ?? DEFAULT_THEME);
  const [wallTheme, setWallTheme] = useState<Theme>(WALL_THEME);
  const theme = wall ? wallTheme : remembered;

  useLayoutEffect(() => {
    applyTheme(theme);
  }, [theme]);

  const toggleTheme = useCallback(() => {
    const next: Theme = theme === 'dark' ? 'light' : 'dark';
    if (wall) {
      setWallTheme(next);
    } else {
      setRemembered(next);
      rememberTheme(next);
    }
  }, [theme, wall]);

  const value = useMemo<ThemeState>(() => ({ theme, wall, toggleTheme }), [theme, wall, toggleTheme]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}
