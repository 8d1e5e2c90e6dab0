import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, sendProblem, toProblem, type Problem } from '@zhicheng/kernel';
import { ETSI_ERROR_BASE, NgsiError } from '../errors.js';
import { mapQueryError } from '../query/entity-query.js';

/**
 * NGSI-LD answers its errors as the spec's ProblemDetails (application/json, `type` under
 * https://uri.etsi.org/ngsi-ld/errors/). Fastify's own parse and validation failures are
 * renamed to the spec's types; anything else keeps the platform's rendering.
 */
export function ngsiErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const mapped = mapQueryError(err) as FastifyError;
  let e: AppError | FastifyError = mapped;
  if (!(mapped instanceof AppError)) {
    const code = mapped.code;
    if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (mapped instanceof SyntaxError && mapped.statusCode === 400)) e = new NgsiError('InvalidRequest', 'The body is not valid JSON.');
    else if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') e = new NgsiError('InvalidRequest', 'The body is empty.');
    else if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') e = new NgsiError('UnsupportedMediaType', `Content-Type ${req.headers['content-type'] ?? '(none)'} is not accepted; use application/json or application/ld+json.`);
    else if ((mapped as { validation?: unknown }).validation) e = new NgsiError('BadRequestData', mapped.message);
  }
  const problem = toProblem(e, req);
  if (problem.status >= 500) req.log.error({ err }, 'request failed');
  const body: Problem = { ...problem };
  if (!(e instanceof NgsiError) && e instanceof AppError && !e.type && problem.status === 404) body.type = `${ETSI_ERROR_BASE}ResourceNotFound`;
  // A failure of the server (or its database) is the spec's InternalError; `code` keeps the reason.
  if (!(e instanceof AppError) && problem.status >= 500) Object.assign(body, { type: `${ETSI_ERROR_BASE}InternalError`, title: 'InternalError' });
  const tenant = req.headers['ngsild-tenant'];
  if (typeof tenant === 'string' && tenant) reply.header('NGSILD-Tenant', tenant);
  return sendProblem(reply, body, 'application/json');
}
