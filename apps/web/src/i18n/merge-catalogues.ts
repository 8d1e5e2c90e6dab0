/**
 * Merges the core catalogue with the feature catalogues (`features/<feature>.<language>.json`),
 * so that each feature's strings live beside each other in one small file. Objects merge
 * key by key; a feature must not redefine a string another catalogue already has.
 */
export type Catalogue = { [key: string]: string | Catalogue };

export function mergeCatalogues(base: Catalogue, ...features: Catalogue[]): Catalogue {
  const out: Catalogue = structuredClone(base);
  for (const feature of features) mergeInto(out, feature, '');
  return out;
}

function mergeInto(target: Catalogue, source: Catalogue, path: string): void {
  for (const [key, value] of Object.entries(source)) {
    const at = path ? `${path}.${key}` : key;
    const existing = target[key];
    if (typeof value === 'string') {
      if (existing !== undefined) throw new Error(`i18n key defined twice: ${at}`);
      target[key] = value;
    } else if (existing === undefined) {
      target[key] = structuredClone(value);
    } else if (typeof existing === 'string') {
      throw new Error(`i18n key defined twice: ${at}`);
    } else {
      mergeInto(existing, value, at);
    }
  }
}

/** The feature catalogues of one language from an eager `import.meta.glob` of `features/*.json`. */
export function featureCatalogues(modules: Record<string, unknown>, language: string): Catalogue[] {
  return Object.entries(modules)
    .filter(([path]) => path.endsWith(`.${language}.json`))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, mod]) => ((mod as { default?: Catalogue }).default ?? (mod as Catalogue)));
}
