import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ContextStore } from '../context/context-store.js';
import type { ResolverCache, TermResolver } from '../context/term-map.js';
import { badData, NgsiError } from '../errors.js';

export const JSONLD_CONTEXT_REL = 'http://www.w3.org/ns/json-ld#context';
export type Answer = 'json' | 'ld+json' | 'geo+json';

/** Accept → the representation to answer with (clause 6.3.6); 406 when none is acceptable. */
export function negotiate(req: FastifyRequest, allowGeo: boolean): Answer {
  const accept = req.headers.accept;
  if (!accept) return 'json';
  let best: { a: Answer; q: number } | null = null;
  for (const part of accept.split(',')) {
    const [mt, ...ps] = part.trim().split(';');
    const type = mt!.trim().toLowerCase();
    const qp = ps.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qp ? Number(qp.slice(2)) : 1;
    if (!(q > 0)) continue;
    const a: Answer | null = type === 'application/ld+json' ? 'ld+json' : type === 'application/json' || type === 'application/*' || type === '*/*' ? 'json'
      : type === 'application/geo+json' && allowGeo ? 'geo+json' : null;
    if (a && (!best || q > best.q)) best = { a, q };
  }
  if (!best) throw new NgsiError('NotAcceptable', `None of the media types in Accept (${accept.slice(0, 100)}) can be produced here; use application/json or application/ld+json${allowGeo ? ' or application/geo+json' : ''}.`);
  return best.a;
}

/** The @context URL(s) of a `Link` header with the JSON-LD context relation, if any. */
export function linkContext(req: FastifyRequest): string | null {
  const link = req.headers.link;
  if (!link) return null;
  for (const part of String(link).split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]+)>(.*)$/.exec(part);
    if (m && /rel\s*=\s*"?http:\/\/www\.w3\.org\/ns\/json-ld#context"?/.test(m[2]!)) return m[1]!;
  }
  return null;
}

const mediaType = (req: FastifyRequest) => String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * The caller's context: from the body for application/ld+json (a Link header is then an
 * error), else from the Link header (an @context in a plain JSON body is an error).
 */
export async function requestResolver(req: FastifyRequest, resolvers: ResolverCache, body?: unknown): Promise<TermResolver> {
  const link = linkContext(req);
  if (body !== undefined && req.method !== 'GET' && req.method !== 'DELETE') {
    const ld = mediaType(req) === 'application/ld+json';
    const items = Array.isArray(body) ? body : [body];
    const withContext = items.filter((b) => b && typeof b === 'object' && '@context' in (b as object));
    if (ld) {
      if (link) throw badData('With Content-Type application/ld+json the @context goes in the body, not in a Link header.');
      if (withContext.length !== items.length) throw badData('With Content-Type application/ld+json every payload item needs an @context.');
      return resolvers.get((withContext[0] as { '@context': unknown })['@context']);
    }
    if (withContext.length) throw badData('An @context in the body needs Content-Type application/ld+json.');
  }
  return resolvers.get(link ?? undefined);
}

/**
 * Inline contexts get a URL of ours for Link headers (GET /ngsi-ld/v1/jsonldContexts/{id}):
 * kind ImplicitlyCreated in the @context store, named by a hash of the context. The last ones
 * are also held here, so the URL answers at once, before the store's background write lands.
 */
export function createInlineContexts(store: Pick<ContextStore, 'implicitId'>) {
  const items = new Map<string, unknown>();
  return {
    urlFor(req: FastifyRequest, context: unknown): string {
      const id = store.implicitId(context);
      if (!items.has(id)) {
        if (items.size > 10_000) items.delete(items.keys().next().value!);
        items.set(id, context);
      }
      return `${req.protocol}://${req.host}/ngsi-ld/v1/jsonldContexts/${id}`;
    },
    get: (id: string) => items.get(id),
  };
}
export type InlineContexts = ReturnType<typeof createInlineContexts>;

/** Sends NGSI-LD data in the negotiated form: Link header for JSON, @context in the body for JSON-LD. */
export function sendData(req: FastifyRequest, reply: FastifyReply, answer: Answer, r: TermResolver, body: unknown, inline: InlineContexts, status = 200) {
  const tenant = req.headers['ngsild-tenant'];
  if (typeof tenant === 'string' && tenant) reply.header('NGSILD-Tenant', tenant);
  if (answer === 'ld+json') {
    const withCtx = (x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? { ...(x as object), '@context': r.context } : x);
    return reply.status(status).type('application/ld+json').send(JSON.stringify(Array.isArray(body) ? body.map(withCtx) : withCtx(body)));
  }
  const url = r.linkUrl ?? inline.urlFor(req, r.context);
  const prior = reply.getHeader('link');
  const link = `<${url}>; rel="${JSONLD_CONTEXT_REL}"; type="application/ld+json"`;
  reply.header('link', prior ? `${String(prior)}, ${link}` : link);
  return reply.status(status).type(answer === 'geo+json' ? 'application/geo+json' : 'application/json').send(JSON.stringify(body));
}

export interface CommonOptions {
  format: 'normalized' | 'keyValues' | 'concise';
  sysAttrs: boolean;
  flags: Set<string>;
}

/** `options` (comma list) and `format`: keyValues/simplified, concise, sysAttrs, noOverwrite, … */
export function parseOptions(query: Record<string, unknown>): CommonOptions {
  const flags = new Set(String(query.options ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  const known = new Set(['keyValues', 'simplified', 'normalized', 'concise', 'sysAttrs', 'noOverwrite', 'replace', 'update', 'temporalValues', 'aggregatedValues', 'count']);
  for (const f of flags) if (!known.has(f)) throw badData(`Unknown option ${f}.`);
  let format: CommonOptions['format'] = flags.has('keyValues') || flags.has('simplified') ? 'keyValues' : flags.has('concise') ? 'concise' : 'normalized';
  if (query.format !== undefined) {
    const f = String(query.format);
    if (f === 'keyValues' || f === 'simplified') format = 'keyValues';
    else if (f === 'concise' || f === 'normalized') format = f;
    else throw badData(`Unknown format ${f}.`);
  }
  return { format, sysAttrs: flags.has('sysAttrs'), flags };
}

/** limit (default 20, at most 1000) and offset; 0 is allowed with count=true. */
export function parsePaging(query: Record<string, unknown>): { limit: number; offset: number; count: boolean } {
  const count = query.count === 'true' || query.count === true;
  const limit = query.limit === undefined ? 20 : Number(query.limit);
  const offset = query.offset === undefined ? 0 : Number(query.offset);
  if (!Number.isInteger(limit) || limit < 0 || (limit === 0 && !count)) throw badData('limit must be a whole number from 1 (0 with count=true).');
  if (limit > 1000) throw new NgsiError('TooManyResults', 'limit may be at most 1000.');
  if (!Number.isInteger(offset) || offset < 0) throw badData('offset must be a whole number ≥ 0.');
  return { limit, offset, count };
}

/** `Link: <…>; rel="next"` / "prev" for paged answers, and the count header. */
export function pagingHeaders(req: FastifyRequest, reply: FastifyReply, p: { limit: number; offset: number }, returned: number, total: number | null) {
  if (total !== null) reply.header('NGSILD-Results-Count', String(total));
  const links: string[] = [];
  const base = req.url.split('?')[0]!;
  const params = new URLSearchParams(req.url.split('?')[1] ?? '');
  const at = (offset: number) => {
    params.set('offset', String(offset));
    params.set('limit', String(p.limit));
    return `${base}?${params.toString()}`;
  };
  if (p.offset > 0) links.push(`<${at(Math.max(0, p.offset - p.limit))}>; rel="prev"; type="application/ld+json"`);
  if (returned === p.limit && p.limit > 0 && (total === null || p.offset + p.limit < total)) links.push(`<${at(p.offset + p.limit)}>; rel="next"; type="application/ld+json"`);
  if (links.length) reply.header('link', links.join(', '));
}
