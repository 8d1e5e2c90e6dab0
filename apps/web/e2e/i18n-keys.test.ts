/**
 * Both interface catalogues carry the same keys (a plain check, no browser: it lives with
 * the e2e suite because the unit project excludes apps/web).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Catalogue, mergeCatalogues } from '../src/i18n/merge-catalogues';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const dir = join(src, 'i18n');
const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Catalogue;
/** The core catalogue merged with every `features/<feature>.<language>.json`, as the console does. */
const catalogue = (language: string) => {
  const featureDir = join(dir, 'features');
  const files = readdirSync(featureDir).filter((n) => n.endsWith(`.${language}.json`)).sort();
  return mergeCatalogues(read(`${language}.json`), ...files.map((n) => read(join('features', n))));
};

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1] ?? '').sort();
}

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Literal keys in the code: t('a.b'), titleKey: 'a.b', and the 'a.b.c' strings of key tables. */
function literalKeys(): string[] {
  const found = new Set<string>();
  for (const file of sources(src)) {
    // Comments may show examples (the registry's how-to): only code counts.
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const m of text.matchAll(/\bt\(\s*'([A-Za-z][\w-]*(?:\.[\w-]+)+)'/g)) found.add(m[1] ?? '');
    for (const m of text.matchAll(/(?:titleKey|title|body|verb|key):\s*'((?:pages|users|departments|roles|audit|apiKeys|sessions|changePassword|enrollTotp)\.[\w.]+)'/g)) found.add(m[1] ?? '');
    for (const m of text.matchAll(/\['((?:audit|users)\.[\w.]+)',/g)) found.add(m[1] ?? '');
  }
  return [...found].sort();
}

describe('i18n catalogues', () => {
  const zh = catalogue('zh-CN');
  const en = catalogue('en');

  it('zh-CN and en have the same keys', () => {
    const zhKeys = keys(zh).sort();
    const enKeys = keys(en).sort();
    expect(zhKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(enKeys.filter((k) => !zhKeys.includes(k))).toEqual([]);
  });

  it('has every key the code names literally', () => {
    const all = new Set(keys(zh));
    const used = literalKeys();
    expect(used.length).toBeGreaterThan(100);
    expect(used.filter((key) => !all.has(key))).toEqual([]);
  });

  it('every translation is a non-empty string with the same placeholders', () => {
    const get = (root: unknown, key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], root);
    for (const key of keys(zh)) {
      const a = get(zh, key);
      const b = get(en, key);
      expect(typeof a === 'string' && a.length > 0, `zh-CN ${key}`).toBe(true);
      expect(typeof b === 'string' && b.length > 0, `en ${key}`).toBe(true);
      expect(placeholders(String(b)), key).toEqual(placeholders(String(a)));
    }
  });
});

describe('mergeCatalogues', () => {
  it('merges features key by key and refuses a key defined twice', () => {
    const merged = mergeCatalogues({ pages: { a: 'A' } }, { pages: { b: 'B' } }, { c: { d: 'D' } });
    expect(merged).toEqual({ pages: { a: 'A', b: 'B' }, c: { d: 'D' } });
    expect(() => mergeCatalogues({ pages: { a: 'A' } }, { pages: { a: 'again' } })).toThrow(/pages\.a/);
    expect(() => mergeCatalogues({ pages: 'flat' }, { pages: { a: 'A' } })).toThrow(/pages/);
  });
});
