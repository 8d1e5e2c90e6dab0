import { createContext, useContext } from 'react';
import type { Theme } from './theme';

export interface ThemeState {
  theme: Theme;
  /** True on the big-screen view, where the side navigation is hidden. */
  wall: boolean;
  toggleTheme: () => void;
}

export const ThemeContext = createContext<ThemeState | null>(null);

export function useTheme(): ThemeState {
  const value = useContext(ThemeContext);
  if (!value) throw new Error('useTheme outside ThemeProvider');
  return value;
}
