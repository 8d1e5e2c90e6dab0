import { Type } from '@sinclair/typebox';
import { authorizationServiceKey } from '@zhicheng/identity';
import type { HttpApp, ModuleContext } from '@zhicheng/kernel';
import type { DeviceService } from '../registry/device-service.js';
import { deviceToApi, type DevicesRepository } from '../registry/devices-repository.js';
import { Device, DeviceId, DeviceInput, DeviceList, DevicePatch, DeviceWithSecret, ListDevicesQuery } from '../schemas.js';

/** `/api/v1/devices`: the registry, filtered in SQL by the caller's scope, every change audited. */
export function deviceRoutes(app: HttpApp, ctx: ModuleContext, repo: DevicesRepository, service: DeviceService) {
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
