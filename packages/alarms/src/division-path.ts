import { parentOfCode } from '@zhicheng/geo';

const cache = new Map<string, string[]>();

/**
 * The division and its ancestors, root first (`513401001` → `510000, 513400, 513401, 513401001`),
 * from the shape of GB/T 2260 / NBS codes — the same path geo builds from parent codes.
 */
export function divisionPath(code: string | null): string[] {
  if (!code) return [];
  let p = cache.get(code);
  if (!p) {
    p = [];
    for (let c: string | null = code; c; c = parentOfCode(c)) p.unshift(c);
    if (cache.size > 100_000) cache.clear();
    cache.set(code, p);
  }
  return p;
}
