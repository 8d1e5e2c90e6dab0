import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/connection-errors.js';
import { AppError } from '../errors.js';

/** RFC 7807 body. `code` is the stable machine-readable reason the console translates. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  requestId?: string;
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 409: 'Conflict', 411: 'Length Required', 413: 'Payload Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 501: 'Not Implemented', 503: 'Service Unavailable',
};

export const problemType = (code: string) => `urn:zhicheng:problem:${code}`;

/** Fastify's own 4xx codes, renamed to ours so clients see one vocabulary. */
const FASTIFY_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'ERR_UNSUPPORTED_MEDIA_TYPE', 'This content type is not accepted here; send application/json.'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'ERR_BODY_TOO_LARGE', 'The request body is larger than this server accepts.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'ERR_EMPTY_BODY', 'The body is empty but the content type says JSON.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'ERR_INVALID_JSON', 'The body is not valid JSON.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'ERR_INVALID_CONTENT_LENGTH', 'Content-Length does not match the body.'],
  FST_ERR_BAD_URL: [400, 'ERR_BAD_URL', 'The URL is malformed.'],
};

export function toProblem(err: unknown, req: FastifyRequest): Problem {
  const base = { instance: req.url.split('?')[0], requestId: String(req.id) };
  if (err instanceof AppError) {
    return { type: err.type ?? problemType(err.code), title: TITLES[err.status] ?? 'Error', status: err.status, code: err.code, detail: err.message, ...base, ...err.extra };
  }
  const fe = err as FastifyError & { validation?: { instancePath: string; message?: string; params?: unknown }[]; validationContext?: string };
  if (fe.validation) {
    const where = fe.validationContext ?? 'request';
    const errors = fe.validation.map((v) => ({ path: `${where}${v.instancePath || ''}`, message: v.message ?? 'invalid', params: v.params }));
    const first = errors[0];
    return {
      type: problemType('ERR_VALIDATION'), title: TITLES[400]!, status: 400, code: 'ERR_VALIDATION',
      detail: first ? `${first.path}: ${first.message}` : 'The request is invalid.', errors, ...base,
    };
  }
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) {
    const [status, code, detail] = mapped;
    return { type: problemType(code), title: TITLES[status] ?? 'Error', status, code, detail, ...base };
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe instanceof SyntaxError && fe.statusCode === 400)) {
    return { type: problemType('ERR_INVALID_JSON'), title: TITLES[400]!, status: 400, code: 'ERR_INVALID_JSON', detail: 'The body is not valid JSON.', ...base };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe.statusCode === 429 ? 'ERR_RATE_LIMITED' : 'ERR_BAD_REQUEST';
    return { type: problemType(code), title: TITLES[fe.statusCode] ?? 'Error', status: fe.statusCode, code, detail: fe.message, ...base };
  }
  if (isDatabaseUnavailable(err)) {
    return {
      type: problemType('ERR_DATABASE_UNAVAILABLE'), title: TITLES[503]!, status: 503, code: 'ERR_DATABASE_UNAVAILABLE',
      detail: 'The database cannot be reached for the moment, so the request could not be completed. Try again shortly.', ...base,
    };
  }
  return {
    type: problemType('ERR_INTERNAL'), title: TITLES[500]!, status: 500, code: 'ERR_INTERNAL',
    detail: 'Something failed on the server. Quote the request id when you report it.', ...base,
  };
}

/** Seconds a client should wait before retrying a 503 (the database reconnects within about one). */
const RETRY_AFTER_SECONDS = 1;

/** Sends a problem (RFC 7807 by default; NGSI-LD answers it as application/json), with Retry-After on a 503. */
export function sendProblem(reply: FastifyReply, problem: Problem, contentType = 'application/problem+json; charset=utf-8') {
  if (problem.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply.status(problem.status).type(contentType).send(problem);
}
