import { matchPath } from 'react-router-dom';
import { hasPermission } from '../auth/permissions';
import { NAV_SECTIONS, pages } from './registry';
import type { NavSectionId, PageRegistration } from './registry';

export interface NavSection {
  id: NavSectionId;
  items: PageRegistration[];
}

/** The side navigation for a user: sections in order, pages by `order`, empty sections dropped. */
export function navigationFor(permissions: readonly string[]): NavSection[] {
  return NAV_SECTIONS.map((id) => ({
    id,
    items: pages
      .filter((page) => page.navSection === id && !page.hidden && hasPermission(permissions, page.permission))
      .sort((a, b) => a.order - b.order),
  })).filter((section) => section.items.length > 0);
}

export function pageForPath(pathname: string): PageRegistration | undefined {
  return pages.find((page) => matchPath({ path: page.path, end: false }, pathname) !== null);
}
