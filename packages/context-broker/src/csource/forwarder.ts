import type { Logger } from '@zhicheng/kernel';
import { assertPublicEndpoint } from '../subscriptions/ssrf.js';
import type { SourcePlan } from './matching.js';

/** Marks requests we forward so the broker answering them does not forward again (clause 4.3.6.4: Via). */
export const VIA_PSEUDONYM = 'zhicheng-broker';
export const FORWARDED_HEADER = 'zc-forwarded';
/** Broker-wide upper bound of one forwarded request (a registration's management.timeout may only shorten it). */
export const DEFAULT_CSOURCE_TIMEOUT_MS = 3000;
/** Largest answer read from one source. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
// Headers a registration's contextSourceInfo may not set: they are the broker's own.
const RESERVED = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'accept', 'link', 'via', FORWARDED_HEADER, 'ngsild-tenant']);

export type ForwardResult =
  | { ok: true; reg: SourcePlan['reg']; body: unknown; count: number | null }
  | { ok: false; reg: SourcePlan['reg']; warning: string };

/** `NGSILD-Warning` value (clause 6.3.17, in the RFC 7234 Warning syntax): 199, the source, a text. */
export function warningFor(endpoint: string, text: string): string {
  let agent = '-';
  try {
    agent = new URL(endpoint).host;
  } catch {
    // An unparsable endpoint is named as "-".
  }
  return `199 ${agent} "${text.replace(/["\\\r\n]/g, ' ').slice(0, 300)}"`;
}

/**
 * Sends one read to a registered source: the SSRF guard at call time (DNS may have changed
 * since registration), the caller's @context as a Link, the registration's tenant and
 * contextSourceInfo headers, Via and Zc-Forwarded against loops, no redirects followed, and
 * one deadline over the lookup, the request and the body. Never throws: a failure is a warning.
 */
export function createForwarder(d: { allowPrivate: boolean; timeoutMs: number; log: Logger }) {
  return {
    async get(plan: SourcePlan, path: string, params: URLSearchParams, linkUrl: string | null, missingIsEmpty: boolean): Promise<ForwardResult> {
      const reg = plan.reg;
      const asked = Number((reg.management as { timeout?: unknown } | undefined)?.timeout);
      const ms = Number.isFinite(asked) && asked > 0 ? Math.min(asked, d.timeoutMs) : d.timeoutMs;
      const signal = AbortSignal.timeout(ms);
      const fail = (text: string): ForwardResult => ({ ok: false, reg, warning: warningFor(reg.endpoint, `Context source ${reg.id}: ${text}`) });
      try {
        await withSignal(assertPublicEndpoint(reg.endpoint, d.allowPrivate), signal);
        const base = reg.endpoint.replace(/\/+$/, '').replace(/\/ngsi-ld\/v1$/, '');
        const headers: Record<string, string> = { accept: 'application/json', via: `1.1 ${VIA_PSEUDONYM}`, [FORWARDED_HEADER]: '1' };
        for (const { key, value } of reg.contextSourceInfo ?? []) if (!RESERVED.has(key.toLowerCase()) && /^[\w-]+$/.test(key)) headers[key] = value;
        if (linkUrl) headers.link = `<${linkUrl}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;
        if (reg.tenant) headers['ngsild-tenant'] = reg.tenant;
        const qs = params.toString();
        const res = await fetch(`${base}/ngsi-ld/v1${path}${qs ? `?${qs}` : ''}`, { headers, signal, redirect: 'manual' });
        if (res.status === 404 && missingIsEmpty) {
          await res.body?.cancel();
          return { ok: true, reg, body: null, count: 0 };
        }
        if (res.status !== 200) {
          await res.body?.cancel();
          return fail(`answered ${res.status}`);
        }
        if (Number(res.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
          await res.body?.cancel();
          return fail('answer too large');
        }
        const text = await res.text();
        if (text.length > MAX_BODY_BYTES) return fail('answer too large');
        const count = res.headers.get('ngsild-results-count');
        return { ok: true, reg, body: JSON.parse(text) as unknown, count: count !== null && /^\d+$/.test(count) ? Number(count) : null };
      } catch (err) {
        const e = err as { name?: string; message?: string };
        const text = signal.aborted ? `no answer within ${ms} ms` : e.name === 'SyntaxError' ? 'answer is not JSON' : (e.message ?? 'request failed');
        d.log.warn({ registration: reg.id, endpoint: reg.endpoint, reason: text }, 'context source read failed');
        return fail(text);
      }
    },
  };
}

export type Forwarder = ReturnType<typeof createForwarder>;

/** Rejects with the signal's reason when it fires first (a DNS lookup takes no signal). */
function withSignal<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
