import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { badData } from '../errors.js';
import { ngsiErrorHandler } from './error-handler.js';

/** Just enough of Fastify's request and reply to see what the handler answers. */
function answer(err: unknown) {
  const sent: { status?: number; type?: string; headers: Record<string, string>; body?: Record<string, unknown> } = { headers: {} };
  const reply = {
    status(n: number) { sent.status = n; return reply; },
    type(t: string) { sent.type = t; return reply; },
    header(k: string, v: string) { sent.headers[k.toLowerCase()] = v; return reply; },
    send(b: Record<string, unknown>) { sent.body = b; return reply; },
  };
  const req = { url: '/ngsi-ld/v1/entities?type=X', id: 'r1', headers: {}, log: { error: () => {} } };
  ngsiErrorHandler(err as FastifyError, req as unknown as FastifyRequest, reply as unknown as FastifyReply);
  return sent;
}

describe('NGSI-LD error answers', () => {
  it('gives the spec\'s type for its own errors', () => {
    const a = answer(badData('no'));
    expect(a.status).toBe(400);
    expect(a.body).toMatchObject({ type: 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData', detail: 'no' });
  });
  it('answers a failure of the server as InternalError, without its internals', () => {
    const a = answer(new Error('secret internals'));
    expect(a.status).toBe(500);
    expect(a.type).toBe('application/json');
    expect(a.body).toMatchObject({ type: 'https://uri.etsi.org/ngsi-ld/errors/InternalError', title: 'InternalError', code: 'ERR_INTERNAL' });
    expect(JSON.stringify(a.body)).not.toContain('secret');
  });
  it('answers a lost database connection as 503 InternalError with Retry-After and the reason in code', () => {
    const a = answer(Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' }));
    expect(a.status).toBe(503);
    expect(a.headers['retry-after']).toBe('1');
    expect(a.body).toMatchObject({ type: 'https://uri.etsi.org/ngsi-ld/errors/InternalError', code: 'ERR_DATABASE_UNAVAILABLE', status: 503 });
    expect(JSON.stringify(a.body)).not.toContain('127.0.0.1');
  });
});
