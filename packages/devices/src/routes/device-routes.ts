import { Type } from '@sinclair/typebox';
import { authorizationServiceKey } from '@zhicheng/identity';
import { AppError, type HttpApp, type ModuleContext } from '@zhicheng/kernel';
import { BATCH } from '../errors.js';
import type { ApplyDeviceBatch } from '../registry/device-batch.js';
import type { DeviceService } from '../registry/device-service.js';
import { deviceToApi, type DevicesRepository } from '../registry/devices-repository.js';
import {
  Device, DeviceBatchRequest, DeviceBatchResult, DeviceId, DeviceInput, DeviceList, DevicePatch, DeviceWithSecret, ListDevicesQuery, MAX_DEVICE_BATCH,
} from '../schemas.js';

/** `/api/v1/devices`: the registry, filtered in SQL by the caller's scope, every change audited. */
export function deviceRoutes(app: HttpApp, ctx: ModuleContext, repo: DevicesRepository, service: DeviceService, applyBatch: ApplyDeviceBatch) {
  const authz = ctx.services.get(authorizationServiceKey);
  const tags = ['devices'];
  const params = Type.Object({ id: DeviceId });

  app.get('/api/v1/devices', {
    config: { permission: 'devices:read' },
    schema: { tags, summary: 'List devices (filters: division, department, profile, status, q)', querystring: ListDevicesQuery, response: { 200: DeviceList } },
  }, async (req) => {
    const scope = await authz.sqlFilter(req.principal, 'devices:read', { departmentColumn: 'd.department_id', divisionColumn: 'd.division_code', firstParam: 1 });
    const { items, total } = await repo.list(req.query, scope);
    return { items: items.map(deviceToApi), total, limit: req.query.limit, offset: req.query.offset };
  });

  app.get('/api/v1/devices/:id', {
    config: { permission: 'devices:read' },
    schema: { tags, summary: 'One device', params, response: { 200: Device } },
  }, async (req) => service.get(req.principal, req.params.id));

  app.post('/api/v1/devices', {
    config: { permission: 'devices:manage' },
    schema: { tags, summary: 'Register a device (its token is shown once, in this answer)', body: DeviceInput, response: { 201: DeviceWithSecret } },
  }, async (req, reply) => reply.status(201).send(await service.create(req.body, req)));

  app.post('/api/v1/devices/batch', {
    config: { permission: 'devices:manage' },
    // A full batch of the largest definitions is ~7 MB.
    bodyLimit: Math.max(ctx.config.ZC_BODY_LIMIT_BYTES, 8 * 1024 * 1024),
    schema: {
      tags, body: DeviceBatchRequest, response: { 200: DeviceBatchResult },
      summary: `Register or update up to ${MAX_DEVICE_BATCH} devices by id (idempotent); tokens of created devices are shown once, in this answer`,
    },
    // The schema documents the body; each item is validated on its own in the handler, so one
    // bad item is answered as such instead of refusing the other items.
    validatorCompiler: () => (value: unknown) => ({ value }),
  }, async (req) => {
    const body: unknown = req.body;
    const items = body && typeof body === 'object' && !Array.isArray(body) ? (body as { items?: unknown }).items : undefined;
    if (!Array.isArray(items) || items.length === 0) throw new AppError(400, BATCH.body, 'Send { "items": [ device, … ] } with at least one device.');
    if (items.length > MAX_DEVICE_BATCH) throw new AppError(413, BATCH.tooLarge, `At most ${MAX_DEVICE_BATCH} devices per batch; this one has ${items.length}.`, { maxItems: MAX_DEVICE_BATCH });
    return applyBatch(items, req);
  });

  app.patch('/api/v1/devices/:id', {
    config: { permission: 'devices:manage' },
    schema: { tags, summary: 'Change a device', params, body: DevicePatch, response: { 200: Device } },
  }, async (req) => service.update(req.params.id, req.body, req));

  app.delete('/api/v1/devices/:id', {
    config: { permission: 'devices:manage' },
    schema: { tags, summary: 'Delete a device (its connections are closed; its entity and history stay)', params, response: { 204: Type.Null() } },
  }, async (req, reply) => {
    await service.remove(req.params.id, req);
    return reply.status(204).send(null);
  });

  app.post('/api/v1/devices/:id/credentials', {
    config: { permission: 'devices:manage' },
    schema: { tags, summary: 'Rotate the device token (shown once; the old one stops working at once)', params, response: { 200: DeviceWithSecret } },
  }, async (req) => service.rotate(req.params.id, req));
}
