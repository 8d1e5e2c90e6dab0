import { NgsiError } from '../errors.js';
import { bundledContext } from './bundled-contexts.js';
import { LOCAL_CONTEXT_PATH, type ContextStore } from './context-store.js';

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

export interface ContextLoaderOptions {
  /** ZC_LDCONTEXT_HOSTS: comma list of hosts (`*` = any). Empty = only bundled contexts. */
  allowedHosts: string;
  timeoutMs?: number;
  /** Replaced in tests. */
  fetchImpl?: typeof fetch;
  /** The @context store: contexts served here, and the kept copies of downloaded ones. */
  store?: Pick<ContextStore, 'get' | 'saveCached'>;
}

/**
 * The jsonld document loader: bundled documents first (core context, its data-integrity
 * scoped context, Smart Data Models), then an allow-listed fetch, cached for the process.
 * A context that cannot be had is the spec's 503 LdContextNotAvailable.
 */
export function createContextLoader(opts: ContextLoaderOptions) {
  const hosts = opts.allowedHosts.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const any = hosts.includes('*');
  const cache = new Map<string, Promise<RemoteDocument>>();
  const doFetch = opts.fetchImpl ?? fetch;

  async function fetchRemote(url: string): Promise<RemoteDocument> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new NgsiError('BadRequestData', `The @context ${url} is not a URL.`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new NgsiError('BadRequestData', `The @context ${url} is not an http(s) URL.`);
    if (!any && !hosts.includes(u.hostname.toLowerCase())) {
      throw new NgsiError('LdContextNotAvailable', `The @context ${url} is not available: its host is not in ZC_LDCONTEXT_HOSTS.`);
    }
    let res: Response;
    try {
      res = await doFetch(url, { headers: { accept: 'application/ld+json, application/json' }, signal: AbortSignal.timeout(opts.timeoutMs ?? 5000), redirect: 'follow' });
    } catch (err) {
      throw new NgsiError('LdContextNotAvailable', `The @context ${url} could not be fetched: ${(err as Error).message}.`);
    }
    if (!res.ok) throw new NgsiError('LdContextNotAvailable', `The @context ${url} could not be fetched: HTTP ${res.status}.`);
    try {
      const document = (await res.json()) as unknown;
      if (!document || typeof document !== 'object' || !('@context' in document)) throw new Error('no @context member');
      return { contextUrl: null, documentUrl: url, document };
    } catch (err) {
      throw new NgsiError('LdContextNotAvailable', `The @context ${url} is not a JSON-LD context document: ${(err as Error).message}.`);
    }
  }

  /** A context this broker serves (Hosted or ImplicitlyCreated), named by its /jsonldContexts URL. */
  async function fromStore(url: string, id: string): Promise<RemoteDocument> {
    const row = await opts.store!.get(decodeURIComponent(id));
    // Not one of ours (another broker's, or deleted): the rules for remote contexts apply.
    if (!row || row.kind === 'Cached') return cachedOrFetched(url);
    return { contextUrl: null, documentUrl: url, document: row.body };
  }

  /** A remote context: the kept copy when there is one, else downloaded and kept (clause 5.13, kind Cached). */
  async function cachedOrFetched(url: string): Promise<RemoteDocument> {
    const kept = opts.store ? await opts.store.get(url) : null;
    if (kept?.kind === 'Cached') return { contextUrl: null, documentUrl: url, document: kept.body };
    const doc = await fetchRemote(url);
    await opts.store?.saveCached(url, doc.document);
    return doc;
  }

  return {
    async load(url: string): Promise<RemoteDocument> {
      const local = bundledContext(url);
      if (local) return { contextUrl: null, documentUrl: url, document: local };
      let p = cache.get(url);
      if (!p) {
        const mine = opts.store ? LOCAL_CONTEXT_PATH.exec(url) : null;
        p = mine ? fromStore(url, mine[1]!) : cachedOrFetched(url);
        cache.set(url, p);
        // Failures are not cached: the host may come back.
        p.catch(() => cache.delete(url));
      }
      return p;
    },
    /** Downloads a remote context again, replacing the kept copy (DELETE /jsonldContexts/{id}?reload=true). */
    async reload(url: string): Promise<void> {
      cache.delete(url);
      const doc = await fetchRemote(url);
      await opts.store?.saveCached(url, doc.document);
    },
    /** Forgets every document held in memory (after a context was deleted or replaced). */
    clear(): void {
      cache.clear();
    },
  };
}

export type ContextLoader = ReturnType<typeof createContextLoader>;
