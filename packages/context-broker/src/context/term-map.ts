import jsonld from 'jsonld';
import { NgsiError } from '../errors.js';
import { CORE_CONTEXT_URL, isCoreContextUrl } from './bundled-contexts.js';
import type { ContextLoader } from './context-loader.js';

interface TermDefinition {
  '@id'?: string | null;
  _prefix?: boolean;
}
interface ActiveContext {
  mappings: Map<string, TermDefinition>;
  '@vocab'?: string;
}

/**
 * The hot path's replacement for jsonld expand/compact: one context processed once by the
 * jsonld library into its term definitions, then term → IRI and IRI → term as map lookups
 * (~0.1 µs instead of ~0.4 ms per entity). It covers what NGSI-LD payloads use: attribute
 * names, entity types and compact IRIs; values are never expanded (the broker stores them as
 * given), so containers and value coercion do not arise.
 */
export interface TermResolver {
  /** The caller's context as given (URL, list or object), for answers; core only = the core URL. */
  readonly context: unknown;
  /** Context URLs to name in a Link header (null when the context was given inline). */
  readonly linkUrl: string | null;
  expand(term: string): string;
  compact(iri: string): string;
}

export function resolverFromActiveContext(active: ActiveContext, context: unknown, linkUrl: string | null): TermResolver {
  const vocab = active['@vocab'] ?? null;
  const terms = new Map<string, string>();
  const prefixes: [string, string][] = [];
  for (const [term, def] of active.mappings) {
    const id = def['@id'];
    if (!id || id.startsWith('@')) continue;
    terms.set(term, id);
    if (def._prefix) prefixes.push([term, id]);
  }
  // Inverse as jsonld chooses: the shortest term, then the lexicographically least.
  const inverse = new Map<string, string>();
  for (const [term, id] of terms) {
    if (term.includes(':')) continue;
    const prior = inverse.get(id);
    if (prior === undefined || term.length < prior.length || (term.length === prior.length && term < prior)) inverse.set(id, term);
  }
  const expandCache = new Map<string, string>();
  const compactCache = new Map<string, string>();

  const expand = (term: string): string => {
    const hit = expandCache.get(term);
    if (hit !== undefined) return hit;
    let out: string;
    const direct = terms.get(term);
    if (direct !== undefined) out = direct;
    else if (term.startsWith('@')) out = term;
    else {
      const colon = term.indexOf(':');
      if (colon > 0) {
        const prefix = term.slice(0, colon);
        const suffix = term.slice(colon + 1);
        const p = terms.get(prefix);
        out = p !== undefined && !suffix.startsWith('//') ? p + suffix : term;
      } else out = vocab ? vocab + term : term;
    }
    if (expandCache.size < 50_000) expandCache.set(term, out);
    return out;
  };

  const compact = (iri: string): string => {
    const hit = compactCache.get(iri);
    if (hit !== undefined) return hit;
    let out = inverse.get(iri);
    if (out === undefined && vocab && iri.startsWith(vocab) && iri.length > vocab.length) {
      const suffix = iri.slice(vocab.length);
      if (!terms.has(suffix) && !suffix.includes(':')) out = suffix;
    }
    if (out === undefined) {
      let best: string | undefined;
      for (const [prefix, id] of prefixes) {
        if (iri.startsWith(id) && iri.length > id.length) {
          const candidate = `${prefix}:${iri.slice(id.length)}`;
          if (!best || candidate.length < best.length || (candidate.length === best.length && candidate < best)) best = candidate;
        }
      }
      out = best;
    }
    out ??= iri;
    if (compactCache.size < 50_000) compactCache.set(iri, out);
    return out;
  };

  return { context, linkUrl, expand, compact };
}

/** Normalises a context value to a list without the core context (which is always applied last). */
function userEntries(context: unknown): unknown[] {
  const list = Array.isArray(context) ? context : context === undefined || context === null ? [] : [context];
  return list.filter((c) => !(typeof c === 'string' && isCoreContextUrl(c)));
}

/**
 * Builds (and caches per distinct context) resolvers. The core context is appended last so
 * its protected terms win, as the spec requires.
 */
export function createResolverCache(loader: ContextLoader, max = 500) {
  const cache = new Map<string, Promise<TermResolver>>();

  async function build(context: unknown): Promise<TermResolver> {
    const entries = userEntries(context);
    for (const e of entries) {
      if (typeof e !== 'string' && (typeof e !== 'object' || e === null || Array.isArray(e))) {
        throw new NgsiError('BadRequestData', '@context entries must be URLs or objects.');
      }
    }
    let loaderError: unknown = null;
    const documentLoader = async (url: string) => {
      try {
        return await loader.load(url);
      } catch (err) {
        loaderError = err;
        throw err;
      }
    };
    let active: ActiveContext;
    // processContext is public in jsonld.js but missing from @types/jsonld.
    const processContext = (jsonld as unknown as { processContext(active: unknown, local: unknown, opts: object): Promise<unknown> }).processContext;
    try {
      const initial = await processContext(null, null, {});
      active = (await processContext(initial, [...entries, CORE_CONTEXT_URL], { documentLoader })) as ActiveContext;
    } catch (err) {
      if (loaderError instanceof NgsiError) throw loaderError;
      throw new NgsiError('BadRequestData', `The @context is invalid: ${(err as Error).message}`);
    }
    const linkUrl = entries.length === 0 ? CORE_CONTEXT_URL : entries.length === 1 && typeof entries[0] === 'string' ? entries[0] : null;
    return resolverFromActiveContext(active, entries.length === 0 ? CORE_CONTEXT_URL : context, linkUrl);
  }

  return {
    /** Forgets every resolver (a context they were built from was deleted or replaced). */
    clear(): void {
      cache.clear();
    },
    get(context: unknown): Promise<TermResolver> {
      const key = context === undefined ? '' : JSON.stringify(context);
      let p = cache.get(key);
      if (p) {
        // Refresh recency for the LRU order.
        cache.delete(key);
        cache.set(key, p);
        return p;
      }
      p = build(context);
      cache.set(key, p);
      p.catch(() => cache.delete(key));
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return p;
    },
  };
}

export type ResolverCache = ReturnType<typeof createResolverCache>;
