import websocket from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import { Counter, Gauge } from 'prom-client';
import type { HttpApp, ModuleContext } from '@zhicheng/kernel';
import { audienceAllows, BUS_SUBJECT, realtimeScopeCheckKey, type RealtimeEnvelope } from './realtime-service.js';
import { StreamConnection } from './stream-connection.js';

const RECHECK_MS = 60_000;

/** Builds a request-like view of the upgrade request carrying a token, for the authenticator. */
function withToken(req: FastifyRequest, token: string | null): FastifyRequest {
  if (token === null) return req;
  const headers = { ...req.headers, authorization: `Bearer ${token}` };
  return Object.create(req, { headers: { value: headers } }) as FastifyRequest;
}

/**
 * `GET /api/v1/stream` (WebSocket): the console's live feed. Browsers cannot set headers on a
 * WebSocket, so the token comes in the first message (`{"type":"auth","token":…}`), never in
 * the URL where logs would keep it. Events are filtered per connection by permission and scope.
 */
export function streamRoutes(app: HttpApp, ctx: ModuleContext) {
  const connections = new Set<StreamConnection>();
  const gauge = new Gauge({ name: 'zc_stream_connections', help: 'Open console WebSocket streams.', registers: [ctx.metrics.registry] });
  const sent = new Counter({ name: 'zc_stream_events_sent_total', help: 'Events sent to console streams.', registers: [ctx.metrics.registry] });

  const unsubscribe = ctx.bus.subscribe<RealtimeEnvelope>(BUS_SUBJECT, async (env) => {
    const scope = ctx.services.find(realtimeScopeCheckKey);
    for (const conn of connections) {
      if (!conn.principal || !conn.wants(env.topic)) continue;
      if (!(await audienceAllows(conn.principal, env.audience, scope))) continue;
      conn.send({ type: 'event', topic: env.topic, data: env.data, at: env.at });
      sent.inc();
    }
  });
  const recheck = setInterval(() => {
    for (const c of connections) void c.recheck().catch((err) => ctx.log.warn({ err }, 'stream recheck failed'));
  }, RECHECK_MS);
  recheck.unref();

  app.addHook('onClose', async () => {
    clearInterval(recheck);
    unsubscribe();
    for (const c of connections) c.close(1001, 'server shutting down');
  });

  void app.register(async (scope) => {
    await scope.register(websocket, { options: { maxPayload: 64 * 1024 } });
    scope.get('/api/v1/stream', {
      websocket: true,
      // Authentication happens inside the socket (first message or the upgrade's own headers).
      config: { public: true },
      schema: { tags: ['realtime'], summary: 'Live events for the console (WebSocket; authenticate with {"type":"auth","token":…})' },
    }, (socket, req) => {
      const conn = new StreamConnection(socket, req, {
        authenticate: (r, token) => ctx.authenticate(withToken(r, token)),
        onReady: (c) => {
          connections.add(c);
          gauge.set(connections.size);
        },
        onClose: (c) => {
          connections.delete(c);
          gauge.set(connections.size);
        },
        authTimeoutMs: 10_000,
      });
      void conn.tryHeaders();
    });
  });
}
