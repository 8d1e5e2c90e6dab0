import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { resolveCallback } from './url-guard.js';

export const SIGNATURE_HEADER = 'x-zhicheng-signature';
export const TIMESTAMP_HEADER = 'x-zhicheng-timestamp';
export const EVENT_HEADER = 'x-zhicheng-event';

/**
 * `sha256=<hex>` of HMAC-SHA256(secret, `<timestamp>.<body>`). Receivers recompute it and
 * reject old timestamps, so a captured call cannot be replayed later.
 *
 * @example sign('s3cret', 1767225600, '{"a":1}') → 'sha256=…'
 */
export function sign(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** One POST, to the address checked by the URL guard, with a timeout; 2xx is success. */
export async function postSigned(rawUrl: string, secret: string, event: string, body: string, opts: { allowPrivate: boolean; now: Date; timeoutMs?: number }): Promise<SendResult> {
  const started = performance.now();
  const done = (ok: boolean, statusCode: number | null, error: string | null): SendResult => ({ ok, statusCode, error, durationMs: Math.round(performance.now() - started) });
  let target;
  try {
    target = await resolveCallback(rawUrl, opts.allowPrivate);
  } catch (err) {
    return done(false, null, (err as Error).message);
  }
  const ts = Math.floor(opts.now.getTime() / 1000);
  const lib = target.url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    const req = lib.request(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'user-agent': 'zhicheng-webhook/1',
        [SIGNATURE_HEADER]: sign(secret, ts, body), [TIMESTAMP_HEADER]: String(ts), [EVENT_HEADER]: event,
      },
      // Connect to the checked address; the URL's host name still goes in Host and SNI.
      lookup: (_host, _o, cb) => (cb as (e: null, a: string, f: number) => void)(null, target.address, target.family),
      timeout: opts.timeoutMs ?? 10_000,
    }, (res) => {
      res.resume();
      res.on('end', () => {
        const code = res.statusCode ?? 0;
        resolve(done(code >= 200 && code < 300, code, code >= 200 && code < 300 ? null : `HTTP ${code}`));
      });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err) => resolve(done(false, null, err.message)));
    req.end(body);
  });
}
