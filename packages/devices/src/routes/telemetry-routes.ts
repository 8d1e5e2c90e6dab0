import { Type } from '@sinclair/typebox';
import { AppError, type HttpApp, type ModuleContext, type Principal } from '@zhicheng/kernel';
import type { FastifyRequest } from 'fastify';
import { queueFull } from '../errors.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { Inbound, Prepared } from '../ingest/pipeline.js';
import { looksLikeDeviceToken } from '../registry/credentials.js';
import type { DeviceDirectory, DeviceInfo } from '../registry/device-directory.js';
import { TelemetryResult, type TelemetryResult as Result } from '../schemas.js';

const MAX_ITEMS = 5000;

/** The principal of a device that authenticated with its token. */
export class DevicePrincipal implements Principal {
  readonly kind = 'device' as const;
  constructor(readonly device: DeviceInfo) {}
  get id() {
    return this.device.id;
  }
  get name() {
    return this.device.id;
  }
  get departmentId() {
    return this.device.departmentId;
  }
  can(permission: string) {
    return permission === 'telemetry:write';
  }
}

/**
 * `POST /api/v1/telemetry`. With a device token (`Authorization: Bearer zcd_…`) the body is
 * that device's payload, mapped by its profile. With an API key holding `telemetry:write`
 * the body is `{ deviceId, payload }` or `{ items: [{ deviceId, payload }, …] }`. The answer
 * (200) comes only after every message is durably stored, as observations or dead letters;
 * 503 with Retry-After when the queue is full.
 */
export function telemetryRoutes(app: HttpApp, _ctx: ModuleContext, dir: DeviceDirectory, ingest: IngestService) {
  const deviceOf = async (req: FastifyRequest): Promise<DeviceInfo | null> => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    return m && looksLikeDeviceToken(m[1]!) ? dir.byToken(m[1]!) : null;
  };

  app.post('/api/v1/telemetry', {
    // Opened here and checked below: identity's authenticator does not know device tokens.
    config: { public: true },
    schema: {
      tags: ['devices'], summary: 'Send telemetry (device token, or API key with telemetry:write)',
      body: Type.Unknown(), response: { 200: TelemetryResult },
    },
  }, async (req, reply) => {
    const receivedAt = Date.now();
    const device = req.principal ? null : await deviceOf(req);
    let inbound: Inbound[];
    if (device) {
      req.principal = new DevicePrincipal(device);
      inbound = [{ transport: 'http', device, kind: 'telemetry', payload: { parsed: req.body }, receivedAt }];
    } else if (req.principal) {
      if (!req.principal.can('telemetry:write')) throw new AppError(403, 'ERR_FORBIDDEN', 'This needs the permission telemetry:write.');
      const body = req.body as { items?: unknown; deviceId?: unknown; payload?: unknown } | null;
      const items = body && Array.isArray(body.items) ? body.items : [body];
      if (items.length > MAX_ITEMS) throw new AppError(413, 'ERR_INGEST_TOO_MANY_ITEMS', `At most ${MAX_ITEMS} items per request.`);
      inbound = items.map((it) => {
        const ok = it && typeof it === 'object' && typeof (it as { deviceId?: unknown }).deviceId === 'string' && 'payload' in (it as object);
        if (!ok) throw new AppError(400, 'ERR_INGEST_BAD_BATCH', 'With an API key send { deviceId, payload } or { items: [{ deviceId, payload }] }.');
        const x = it as { deviceId: string; payload: unknown };
        return { transport: 'http', deviceId: x.deviceId, kind: 'telemetry' as const, payload: { parsed: x.payload }, receivedAt };
      });
    } else {
      throw new AppError(401, 'ERR_AUTH_REQUIRED', 'Send a device token (Authorization: Bearer zcd_…) or an API key with telemetry:write.');
    }
    const prepared: Prepared[] = await Promise.all(inbound.map((m) => ingest.prepare(m)));
    const waits = ingest.tryIngest(prepared);
    if (!waits) {
      ingest.refused();
      reply.header('retry-after', '1');
      throw queueFull(1);
    }
    await Promise.all(waits);
    const out: Result = { accepted: 0, points: 0, deadLettered: [] };
    prepared.forEach((p, index) => {
      if (p.ok) {
        out.accepted++;
        out.points += p.points;
      } else out.deadLettered.push({ index, code: p.dead.reasonCode, reason: p.dead.reason });
    });
    return out;
  });
}
