import { Type } from '@sinclair/typebox';
import { auditServiceKey } from '@zhicheng/audit';
import { authorizationServiceKey } from '@zhicheng/identity';
import { AppError, type HttpApp, type ModuleContext, type Principal } from '@zhicheng/kernel';
import { INGEST, queueFull } from '../errors.js';
import type { IngestService } from '../ingest/ingest-service.js';
import { deadLetterOf, type Inbound, type Prepared } from '../ingest/pipeline.js';
import { DEVICE_PERMISSION, DevicePrincipal } from '../registry/device-authenticator.js';
import type { DeviceDirectory, DeviceInfo } from '../registry/device-directory.js';
import { TelemetryResult, type TelemetryResult as Result } from '../schemas.js';

const MAX_ITEMS = 5000;

/**
 * `POST /api/v1/telemetry`, a closed route like any other: the kernel's authenticator chain
 * turns a device token (`Authorization: Bearer zcd_…`) into a device principal and an API key
 * or session into an identity principal; both need `telemetry:write`. A device posts for
 * itself only: the body is its own payload, mapped by its profile. An API key (or user) sends
 * `{ deviceId, payload }` or `{ items: [{ deviceId, payload }, …] }` for devices within its
 * `telemetry:write` scope; an item naming a device outside it is answered exactly like one
 * naming no device (`ERR_INGEST_UNKNOWN_DEVICE`), so the answer says nothing about devices the
 * caller may not see. The answer (200) comes only after every message is durably stored, as
 * observations or dead letters; 503 with Retry-After when the queue is full.
 */
export function telemetryRoutes(app: HttpApp, ctx: ModuleContext, dir: DeviceDirectory, ingest: IngestService) {
  const authz = ctx.services.get(authorizationServiceKey);
  const audit = ctx.services.get(auditServiceKey);

  /** Whether `principal` may send telemetry for `d`: one scope check per place per request. */
  const scopeChecker = (principal: Principal) => {
    const memo = new Map<string, Promise<boolean>>();
    return (d: DeviceInfo) => {
      const key = `${d.departmentId ?? ''}\u0000${d.divisionCode ?? ''}`;
      let v = memo.get(key);
      if (!v) memo.set(key, (v = authz.canAccess(principal, DEVICE_PERMISSION, { departmentId: d.departmentId, divisionCode: d.divisionCode })));
      return v;
    };
  };

  app.post('/api/v1/telemetry', {
    config: { permission: DEVICE_PERMISSION, principals: ['device', 'apiKey', 'user'] },
    schema: {
      tags: ['devices'], summary: 'Send telemetry (device token for the device itself, or API key with telemetry:write for devices in its scope)',
      body: Type.Unknown(), response: { 200: TelemetryResult },
    },
  }, async (req, reply) => {
    const receivedAt = Date.now();
    const principal = req.principal!;
    let prepared: Prepared[];
    if (principal.kind === 'device') {
      if (!(principal instanceof DevicePrincipal)) throw new AppError(403, 'ERR_AUTH_PRINCIPAL_NOT_ALLOWED', 'Only device tokens of this registry can send telemetry as a device.');
      // The directory's current entry (a profile changed meanwhile), else the one the token resolved to.
      const device = dir.peek(principal.device.id) ?? principal.device;
      prepared = [await ingest.prepare({ transport: 'http', device, kind: 'telemetry', payload: { parsed: req.body }, receivedAt })];
    } else {
      const body = req.body as { items?: unknown; deviceId?: unknown; payload?: unknown } | null;
      const items = body && Array.isArray(body.items) ? body.items : [body];
      if (items.length > MAX_ITEMS) throw new AppError(413, 'ERR_INGEST_TOO_MANY_ITEMS', `At most ${MAX_ITEMS} items per request.`);
      const claimed = items.map((it) => {
        const ok = it && typeof it === 'object' && typeof (it as { deviceId?: unknown }).deviceId === 'string' && 'payload' in (it as object);
        if (!ok) throw new AppError(400, 'ERR_INGEST_BAD_BATCH', 'With an API key send { deviceId, payload } or { items: [{ deviceId, payload }] }.');
        return it as { deviceId: string; payload: unknown };
      });
      const allowed = scopeChecker(principal);
      const refused: string[] = [];
      prepared = await Promise.all(claimed.map(async (x) => {
        const m: Inbound = { transport: 'http', deviceId: x.deviceId, kind: 'telemetry', payload: { parsed: x.payload }, receivedAt };
        const device = await dir.get(x.deviceId);
        if (device && (await allowed(device))) return ingest.prepare({ ...m, device });
        if (device) refused.push(device.id);
        return deadLetterOf(m, x.deviceId, INGEST.unknownDevice, `no device ${x.deviceId} is registered within the sender's scope`);
      }));
      if (refused.length) {
        await audit.record({
          action: 'devices.telemetry.refused', outcome: 'denied', objectType: 'device', objectId: refused[0]!,
          detail: { reason: 'out-of-scope', count: refused.length, deviceIds: refused.slice(0, 20) },
        }, req);
      }
    }
    const waits = ingest.tryIngest(prepared);
    if (!waits) {
      ingest.refused();
      reply.header('retry-after', '1');
      throw queueFull(1);
    }
    // As stored: a message the database refused for its data is a dead letter now, not accepted.
    const stored = await Promise.all(waits);
    const out: Result = { accepted: 0, points: 0, deadLettered: [] };
    stored.forEach((p, index) => {
      if (p.ok) {
        out.accepted++;
        out.points += p.points;
      } else out.deadLettered.push({ index, code: p.dead.reasonCode, reason: p.dead.reason });
    });
    return out;
  });
}
