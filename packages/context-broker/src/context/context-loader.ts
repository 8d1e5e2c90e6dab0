import { NgsiError } from '../errors.js';
import { bundledContext } from './bundled-contexts.js';

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

  return {
    async load(url: string): Promise<RemoteDocument> {
      const local = bundledContext(url);
      if (local) return { contextUrl: null, documentUrl: url, document: local };
      let p = cache.get(url);
      if (!p) {
        p = fetchRemote(url);
        cache.set(url, p);
        // Failures are not cached: the host may come back.
        p.catch(() => cache.delete(url));
      }
      return p;
    },
  };
}

export type ContextLoader = ReturnType<typeof createContextLoader>;
