import { lazy } from 'react';
import type { ComponentType, LazyExoticComponent } from 'react';
import type { PageRegistration } from './registry';

const cache = new Map<string, LazyExoticComponent<ComponentType>>();

/** One React.lazy component per registration, created once so Suspense caches it. */
export function lazyPage(page: PageRegistration): LazyExoticComponent<ComponentType> {
  let component = cache.get(page.id);
  if (!component) {
    component = lazy(page.load);
    cache.set(page.id, component);
  }
  return component;
}
