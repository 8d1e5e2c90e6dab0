import { auditServiceKey } from '@zhicheng/audit';
import { contextBrokerServiceKey, type EntityUpsert } from '@zhicheng/context-broker';
import { authorizationServiceKey } from '@zhicheng/identity';
import { AppError, badRequest, conflict, type ModuleContext, type Principal } from '@zhicheng/kernel';
import type { FastifyRequest } from 'fastify';
import { deviceNotFound } from '../errors.js';
import { NO_BROKER_CREDENTIALS, type BrokerCredentials } from '../broker-sync/credential-sync.js';
import type { ProfilesRepository } from '../profiles/profiles-repository.js';
import type { Device, DeviceInput, DevicePatch } from '../schemas.js';
import { ColumnError } from '../provisioning/row-error.js';
import { hashToken, newDeviceToken } from './credentials.js';
import type { DeviceDirectory } from './device-directory.js';
import { deviceToApi, type DeviceRow, type DevicesRepository } from './devices-repository.js';

export interface Credentials {
  token: string;
  mqttUsername: string;
  mqttPassword: string;
}

export const credentialsOf = (id: string, token: string): Credentials => ({ token, mqttUsername: id, mqttPassword: token });

/** The entity a device feeds, as provisioning writes it: its type, the device relationship and its location. */
export function deviceEntity(d: Pick<DeviceRow, 'id' | 'entity_id' | 'entity_type' | 'lon' | 'lat' | 'department_id' | 'division_code'>): EntityUpsert {
  const entity: Record<string, unknown> = { id: d.entity_id, type: d.entity_type, refDevice: { type: 'Relationship', object: `urn:ngsi-ld:Device:${d.id}` } };
  if (d.lon !== null && d.lat !== null) entity.location = { type: 'GeoProperty', value: { type: 'Point', coordinates: [d.lon, d.lat] } };
  return { entity, departmentId: d.department_id, divisionCode: d.division_code };
}

/** The entity type named in an NGSI-LD entity id (`urn:ngsi-ld:<Type>:…`). */
export const entityTypeOf = (entityId: string): string | undefined => /^urn:ngsi-ld:([A-Za-z0-9_]+):/.exec(entityId)?.[1];

/**
 * Registry operations with their checks: object scope through the authorisation service
 * (404 when not visible), an audit record for each change, the entity the device feeds
 * created in the context broker, and cache invalidation so ingestion sees changes at once.
 */
export function createDeviceService(ctx: ModuleContext, repo: DevicesRepository, profiles: ProfilesRepository, dir: DeviceDirectory, kick: (id: string) => void, broker: BrokerCredentials = NO_BROKER_CREDENTIALS) {
  const authz = () => ctx.services.get(authorizationServiceKey);
  const audit = () => ctx.services.get(auditServiceKey);
  const place = (d: { department_id: string | null; division_code: string | null }) => ({ departmentId: d.department_id, divisionCode: d.division_code });

  async function visible(p: Principal | null, id: string, permission: 'devices:read' | 'devices:manage'): Promise<DeviceRow> {
    const d = await repo.get(id);
    if (!d) throw deviceNotFound(id);
    await authz().assertAccess(p, permission, place(d), 'ERR_DEVICES_NOT_FOUND', `Device ${id}`);
    return d;
  }

  async function assertPlace(p: Principal | null, departmentId: string | null, divisionCode: string | null) {
    if (!(await authz().canAccess(p, 'devices:manage', { departmentId, divisionCode }))) {
      throw new AppError(403, 'ERR_DEVICES_OUT_OF_SCOPE', 'You may not manage devices of that department or division.');
    }
  }

  async function feedEntity(d: DeviceRow) {
    await ctx.services.get(contextBrokerServiceKey).upsertEntity(deviceEntity(d));
  }

  return {
    visible,
    async get(p: Principal | null, id: string): Promise<Device> {
      return deviceToApi(await visible(p, id, 'devices:read'));
    },
    async create(input: DeviceInput, req: FastifyRequest): Promise<Device & { credentials: Credentials }> {
      const profile = await profiles.get(input.profileId);
      if (!profile) throw badRequest('ERR_DEVICES_PROFILE_NOT_FOUND', `No device profile has the id ${input.profileId}.`);
      await assertPlace(req.principal, input.departmentId ?? null, input.divisionCode ?? null);
      const token = newDeviceToken();
      const entityId = input.entityId ?? `urn:ngsi-ld:${profile.entityType}:${input.id}`;
      const entityType = entityTypeOf(entityId) ?? profile.entityType;
      const row = await repo.create({ ...input, entityId, entityType, tokenHash: hashToken(token) });
      if (!row) throw conflict('ERR_DEVICES_ID_TAKEN', `A device with the id ${input.id} exists already.`);
      dir.invalidate(row.id);
      await broker.upsert([{ deviceId: row.id, token }]);
      await feedEntity(row);
      await audit().record({ action: 'devices.device.created', outcome: 'success', objectType: 'device', objectId: row.id, detail: { profileId: row.profile_id, entityId } }, req);
      return { ...deviceToApi(row), credentials: credentialsOf(row.id, token) };
    },
    /**
     * Bulk provisioning: creates the device, or updates it when it exists (a re-import), without
     * an audit record per row (the job is audited). A given token replaces the stored one.
     */
    async upsertForImport(input: DeviceInput, token: string | null, principal: Principal): Promise<{ created: boolean; id: string; token: string | null }> {
      const profile = await profiles.get(input.profileId);
      if (!profile) throw new ColumnError('ERR_DEVICES_PROFILE_NOT_FOUND', 'profileId', `profileId: no device profile has the id ${input.profileId}`);
      await assertPlace(principal, input.departmentId ?? null, input.divisionCode ?? null);
      const existing = await repo.get(input.id);
      if (existing) {
        if (!(await authz().canAccess(principal, 'devices:manage', place(existing)))) throw new ColumnError('ERR_DEVICES_OUT_OF_SCOPE', 'id', `id: device ${input.id} exists and is not yours to change`);
        const { id: _id, ...patch } = input;
        const entityType = patch.entityId ? entityTypeOf(patch.entityId) : undefined;
        let row = await repo.update(input.id, { ...patch, ...(entityType ? { entityType } : {}) });
        if (token) {
          row = await repo.setTokenHash(input.id, hashToken(token));
          await broker.upsert([{ deviceId: input.id, token }]);
        }
        dir.invalidate(input.id);
        if (row && (patch.location !== undefined || patch.entityId)) await feedEntity(row);
        return { created: false, id: input.id, token: null };
      }
      const secret = token ?? newDeviceToken();
      const entityId = input.entityId ?? `urn:ngsi-ld:${profile.entityType}:${input.id}`;
      const entityType = entityTypeOf(entityId) ?? profile.entityType;
      const row = await repo.create({ ...input, entityId, entityType, tokenHash: hashToken(secret) });
      if (!row) return this.upsertForImport(input, token, principal); // created meanwhile by another import
      dir.invalidate(row.id);
      await broker.upsert([{ deviceId: row.id, token: secret }]);
      await feedEntity(row);
      return { created: true, id: row.id, token: secret };
    },
    async update(id: string, patch: DevicePatch, req: FastifyRequest): Promise<Device> {
      const cur = await visible(req.principal, id, 'devices:manage');
      let entityType: string | undefined;
      if (patch.profileId && !(await profiles.get(patch.profileId))) throw badRequest('ERR_DEVICES_PROFILE_NOT_FOUND', `No device profile has the id ${patch.profileId}.`);
      if (patch.entityId) entityType = entityTypeOf(patch.entityId);
      const dept = patch.departmentId !== undefined ? patch.departmentId : cur.department_id;
      const div = patch.divisionCode !== undefined ? patch.divisionCode : cur.division_code;
      if (dept !== cur.department_id || div !== cur.division_code) await assertPlace(req.principal, dept, div);
      const row = await repo.update(id, { ...patch, ...(entityType ? { entityType } : {}) });
      if (!row) throw deviceNotFound(id);
      dir.invalidate(id);
      if (patch.location !== undefined || patch.entityId) await feedEntity(row);
      await audit().record({ action: 'devices.device.updated', outcome: 'success', objectType: 'device', objectId: id, detail: { fields: Object.keys(patch) } }, req);
      return deviceToApi(row);
    },
    async remove(id: string, req: FastifyRequest): Promise<void> {
      await visible(req.principal, id, 'devices:manage');
      await repo.remove(id);
      dir.invalidate(id);
      kick(id);
      await broker.remove(id);
      await audit().record({ action: 'devices.device.deleted', outcome: 'success', objectType: 'device', objectId: id }, req);
    },
    async rotate(id: string, req: FastifyRequest): Promise<Device & { credentials: Credentials }> {
      await visible(req.principal, id, 'devices:manage');
      const token = newDeviceToken();
      const row = await repo.setTokenHash(id, hashToken(token));
      if (!row) throw deviceNotFound(id);
      dir.invalidate(id);
      kick(id);
      await broker.upsert([{ deviceId: id, token }]);
      await audit().record({ action: 'devices.credentials.rotated', outcome: 'success', objectType: 'device', objectId: id }, req);
      return { ...deviceToApi(row), credentials: credentialsOf(id, token) };
    },
  };
}

export type DeviceService = ReturnType<typeof createDeviceService>;
