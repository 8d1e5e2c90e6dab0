import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { DEFAULT_PRINCIPAL_KINDS } from '../auth.js';
import type { AuthChain } from '../auth-chain.js';
import type { Config } from '../config/schema.js';
import { AppError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import { problemType, sendProblem, toProblem } from './problem.js';

/** Returns true when it answered the request. */
export type NotFoundFallback = (req: FastifyRequest, reply: FastifyReply) => boolean | Promise<boolean>;

declare module 'fastify' {
  interface FastifyInstance {
    notFoundFallbacks: NotFoundFallback[];
  }
}

export type HttpApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export interface HttpOptions {
  config: Config;
  log: Logger;
  metrics: Metrics;
  version: string;
  /** The authentication chain the modules filled (empty = every closed route is 401). */
  auth: Pick<AuthChain, 'resolve'>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The HTTP server every module mounts its routes on. Routes are closed by default:
 * `config: { public: true }` opens one, `config: { permission }` adds a function-level check.
 */
export async function createHttp(opts: HttpOptions): Promise<HttpApp> {
  const app = Fastify({
    loggerInstance: opts.log as FastifyBaseLogger,
    bodyLimit: opts.config.ZC_BODY_LIMIT_BYTES,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Our onResponse hook logs one line per request with its route and principal.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    routerOptions: { maxParamLength: 500 },
    trustProxy: parseTrustProxy(opts.config.ZC_TRUST_PROXY),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('principal', null);

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    (req as unknown as { startedAt: bigint }).startedAt = process.hrtime.bigint();
  });

  // Credentials are checked before the body is parsed or validated: an unauthorised caller
  // learns nothing from validation errors and cannot make the server parse large bodies.
  // The first authenticator of the chain that claims the credentials decides; a principal of
  // a kind the route does not admit (a device on a console route) is refused, or on a public
  // route treated as no principal at all.
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config ?? {};
    const { principal, claimedBy } = await opts.auth.resolve(req);
    const admitted = !!principal && (access.principals ?? DEFAULT_PRINCIPAL_KINDS).includes(principal.kind);
    req.principal = admitted ? principal : null;
    // Unmatched paths are public: they answer 404 or the console's client-side routes.
    if (access.public || req.is404) return;
    if (!principal) {
      throw new AppError(401, 'ERR_AUTH_REQUIRED', claimedBy
        ? 'The credentials sent are not valid (unknown, expired or revoked).'
        : 'Sign in or send an API key (Authorization: Bearer … or X-API-Key).');
    }
    if (!admitted) {
      req.principal = principal; // so the refusal is recorded against whoever tried
      throw new AppError(403, 'ERR_AUTH_PRINCIPAL_NOT_ALLOWED', `Credentials of a ${principal.kind} cannot be used for this request.`);
    }
    if (access.permission && !principal.can(access.permission)) {
      throw new AppError(403, 'ERR_FORBIDDEN', `This needs the permission ${access.permission}.`);
    }
  });

  app.addHook('onResponse', async (req, reply) => {
    const started = (req as unknown as { startedAt?: bigint }).startedAt;
    const route = req.routeOptions.url ?? 'unmatched';
    const labels = { method: req.method, route, status: String(reply.statusCode) };
    opts.metrics.httpTotal.inc(labels);
    if (started) opts.metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    const level = reply.statusCode >= 500 ? 'error' : 'info';
    req.log[level]({ method: req.method, url: req.url, status: reply.statusCode, principal: req.principal?.name }, 'request');
  });

  // Modules may serve something for unknown paths (the console's client-side routes);
  // everything else gets a problem-details 404.
  const fallbacks: NotFoundFallback[] = [];
  app.decorate('notFoundFallbacks', fallbacks);
  app.setNotFoundHandler(async (req, reply) => {
    for (const f of fallbacks) if (await f(req, reply)) return reply;
    const path = req.url.split('?')[0]!;
    return sendProblem(reply, {
      type: problemType('ERR_NOT_FOUND'), title: 'Not Found', status: 404, code: 'ERR_NOT_FOUND',
      detail: `Nothing is served at ${req.method} ${path}.`, instance: path, requestId: String(req.id),
    });
  });

  app.setErrorHandler((err, req, reply) => {
    const problem = toProblem(err, req);
    if (problem.status >= 500) req.log.error({ err }, 'request failed');
    return sendProblem(reply, problem);
  });

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...(route.config ?? {}), public: true };
    // Public routes say so in the OpenAPI document.
    if ((route.config as { public?: boolean } | undefined)?.public && route.schema) route.schema = { ...route.schema, security: [] };
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Zhicheng (智城) platform API', version: opts.version, description: 'REST API of the Zhicheng smart-city platform. Errors are RFC 7807 problem details with a stable `code`.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Session token from POST /api/v1/auth/login, an API key, or (telemetry) a device token `zcd_…`.' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  return app;
}

/** `ZC_TRUST_PROXY`: off, true (any), a hop count, or a comma list of proxy addresses/CIDRs. */
function parseTrustProxy(v: string): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (v === 'off' || v === '') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return (_address, hop) => hop < hops;
  }
  return v.split(',').map((x) => x.trim()).filter(Boolean);
}
