import { randomBytes, timingSafeEqual } from 'node:crypto';
import { auditServiceKey, type AuditActor } from '@zhicheng/audit';
import { contextBrokerServiceKey } from '@zhicheng/context-broker';
import { authorizationServiceKey } from '@zhicheng/identity';
import { AppError, badRequest, type ModuleContext, type Principal } from '@zhicheng/kernel';
import type { FastifyRequest } from 'fastify';
import { NO_BROKER_CREDENTIALS, type BrokerCredentials } from '../broker-sync/credential-sync.js';
import { PROVISION } from '../errors.js';
import type { ProfilesRepository } from '../profiles/profiles-repository.js';
import type { ProvisioningKey, ProvisioningKeyInput, ProvisionRequest, ProvisionResult } from '../schemas.js';
import { hashToken, newDeviceToken } from '../registry/credentials.js';
import type { DeviceDirectory } from '../registry/device-directory.js';
import { credentialsOf, deviceEntity, entityTypeOf } from '../registry/device-service.js';
import { deviceToApi, type DevicesRepository } from '../registry/devices-repository.js';
import { keyToApi, type ProvisioningKeyRow, type ProvisioningKeysRepository } from './provisioning-keys-repository.js';

export const PROVISIONING_KEY_PREFIX = 'zcpk_';
export const PROVISIONING_SECRET_PREFIX = 'zcps_';

/** Where a registration came from, for the audit log (HTTP gives its request). */
export interface ProvisionSource {
  transport: 'http' | 'mqtt';
  req?: FastifyRequest;
  sourceIp?: string | null;
}

/** A division lies within another when its code starts with the other's, trailing "00" pairs dropped (513400 → 5134…). */
export const divisionWithin = (code: string, root: string) => code.startsWith(root.replace(/(00)+$/, ''));

// Compared against when the key is unknown, so an unknown key costs what a wrong secret costs.
const DUMMY_HASH = hashToken(`${PROVISIONING_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`);

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Thrown inside the transaction when the id is taken meanwhile: rolls the slot back. */
class IdTaken extends Error {}

/**
 * Provisioning keys and device self-registration. An administrator creates a key bound to a
 * profile and a place (department, division subtree) within their own `devices:manage`
 * scope, with a device allowance and an expiry; its secret is shown once and stored as
 * SHA-256. A device registers itself once with the key and secret and gets its own token;
 * asking again for the same id with the same key answers `exists` without new credentials.
 * Every creation, revocation, registration and refusal is audited.
 */
export function createProvisioningService(ctx: ModuleContext, keys: ProvisioningKeysRepository, devices: DevicesRepository, profiles: ProfilesRepository, dir: DeviceDirectory, broker: BrokerCredentials = NO_BROKER_CREDENTIALS, now: () => Date = () => new Date()) {
  const authz = () => ctx.services.get(authorizationServiceKey);
  const audit = () => ctx.services.get(auditServiceKey);
  const place = (k: { department_id: string | null; division_code: string | null }) => ({ departmentId: k.department_id, divisionCode: k.division_code });

  async function visible(p: Principal | null, id: string): Promise<ProvisioningKeyRow> {
    const k = await keys.get(id);
    const what = `Provisioning key ${id}`;
    if (!k) throw new AppError(404, PROVISION.keyNotFound, `${what} does not exist or is not yours to see.`);
    await authz().assertAccess(p, 'devices:manage', place(k), PROVISION.keyNotFound, what);
    return k;
  }

  /** A refusal of a registration: audited, then thrown. */
  async function refuse(src: ProvisionSource, err: AppError, detail: Record<string, unknown>, actor?: AuditActor): Promise<never> {
    await audit().record({
      action: 'devices.device.provisioned', outcome: err.status === 401 ? 'failure' : 'denied', objectType: 'device',
      objectId: typeof detail.deviceId === 'string' ? detail.deviceId : null,
      detail: { ...detail, code: err.code, transport: src.transport }, ...(actor ? { actor } : {}), sourceIp: src.sourceIp ?? null,
    }, src.req);
    throw err;
  }

  return {
    visible,
    async createKey(input: ProvisioningKeyInput, req: FastifyRequest): Promise<ProvisioningKey & { secret: string }> {
      const max = ctx.config.ZC_PROVISIONING_KEY_MAX_DAYS;
      if (input.expiresInDays > max) throw badRequest(PROVISION.lifetime, `Provisioning keys live ${max} days at most (ZC_PROVISIONING_KEY_MAX_DAYS).`);
      if (!(await profiles.get(input.profileId))) throw badRequest('ERR_DEVICES_PROFILE_NOT_FOUND', `No device profile has the id ${input.profileId}.`);
      const departmentId = input.departmentId ?? null;
      const divisionCode = input.divisionCode ?? null;
      if (!(await authz().canAccess(req.principal, 'devices:manage', { departmentId, divisionCode }))) {
        throw new AppError(403, PROVISION.outOfScope, 'You may not manage devices of that department or division, so you may not hand out a key for them.');
      }
      const secret = `${PROVISIONING_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
      const t = now();
      const row = await keys.insert({
        id: `${PROVISIONING_KEY_PREFIX}${randomBytes(12).toString('base64url')}`, name: input.name, secretHash: hashToken(secret),
        profileId: input.profileId, departmentId, divisionCode, maxDevices: input.maxDevices,
        expiresAt: new Date(t.getTime() + input.expiresInDays * 86_400_000), createdBy: req.principal?.name ?? null,
      });
      await audit().record({
        action: 'devices.provisioning-key.created', outcome: 'success', objectType: 'provisioning-key', objectId: row.id,
        detail: { name: row.name, profileId: row.profile_id, departmentId, divisionCode, maxDevices: row.max_devices, expiresInDays: input.expiresInDays },
      }, req);
      return { ...keyToApi(row, t), secret };
    },

    async revokeKey(id: string, req: FastifyRequest): Promise<void> {
      await visible(req.principal, id);
      const row = await keys.revoke(id, req.principal?.name ?? null, now());
      // Revoking a revoked key changes nothing and is not recorded again.
      if (row) await audit().record({ action: 'devices.provisioning-key.revoked', outcome: 'success', objectType: 'provisioning-key', objectId: id, detail: { provisioned: row.provisioned } }, req);
    },

    /**
     * A device registers itself. Unknown key and wrong secret are one answer (401
     * `ERR_DEVICES_PROVISION_DENIED`); an expired or revoked key is said so only to a caller
     * that knows its secret. The device gets the key's profile and place; it may narrow the
     * division within the key's, nothing else.
     */
    async provision(input: ProvisionRequest, src: ProvisionSource): Promise<ProvisionResult> {
      const t = now();
      const base = { deviceId: input.deviceId };
      const key = input.key.startsWith(PROVISIONING_KEY_PREFIX) && input.key.length <= 100 ? await keys.get(input.key) : null;
      const secretOk = sameHash(hashToken(input.secret), key?.secret_hash ?? DUMMY_HASH);
      if (!key || !secretOk) {
        // The claimed key is named for the auditor only when it exists (no arbitrary text in the log).
        return refuse(src, new AppError(401, PROVISION.denied, 'Unknown provisioning key or wrong secret.'), { ...base, reason: 'invalid-credentials', ...(key ? { provisioningKeyId: key.id } : {}) });
      }
      const keyed = { ...base, provisioningKeyId: key.id };
      if (key.revoked_at) return refuse(src, new AppError(401, PROVISION.revoked, 'This provisioning key has been revoked.'), { ...keyed, reason: 'revoked' });
      if (key.expires_at.getTime() <= t.getTime()) return refuse(src, new AppError(401, PROVISION.expired, 'This provisioning key has expired.'), { ...keyed, reason: 'expired' });

      const outOfScope = (what: string) => refuse(src, new AppError(403, PROVISION.outOfScope, `This provisioning key does not allow ${what}.`), { ...keyed, reason: 'out-of-scope', field: what });
      if (input.profileId !== undefined && input.profileId !== key.profile_id) return outOfScope('that profile');
      if (input.departmentId !== undefined && input.departmentId !== key.department_id) return outOfScope('that department');
      if (input.divisionCode !== undefined && !(key.division_code && divisionWithin(input.divisionCode, key.division_code))) return outOfScope('that division');

      const existing = await devices.get(input.deviceId);
      if (existing) return answerExisting(existing, key, src);

      const profile = await profiles.get(key.profile_id);
      if (!profile) return refuse(src, badRequest('ERR_DEVICES_PROFILE_NOT_FOUND', `The key's profile ${key.profile_id} no longer exists.`), { ...keyed, reason: 'profile-missing' });
      const token = newDeviceToken();
      const entityId = `urn:ngsi-ld:${profile.entityType}:${input.deviceId}`;
      let row;
      try {
        row = await ctx.db.transaction(async (tx) => {
          if (!(await keys.claimSlot(tx, key.id, t))) return null;
          const created = await devices.create({
            id: input.deviceId, name: input.name ?? input.deviceId, profileId: key.profile_id, departmentId: key.department_id,
            divisionCode: input.divisionCode ?? key.division_code, location: input.location ?? null, entityId, entityType: entityTypeOf(entityId) ?? profile.entityType,
            tokenHash: hashToken(token), vendor: input.vendor ?? null, model: input.model ?? null, firmware: input.firmware ?? null, tags: [],
          }, { tx, provisioningKeyId: key.id });
          if (!created) throw new IdTaken();
          await broker.upsert([{ deviceId: created.id, token }], tx);
          return created;
        });
      } catch (err) {
        if (!(err instanceof IdTaken)) throw err;
        // Registered meanwhile (a retry racing the first request): answered like any repeat.
        const now2 = await devices.get(input.deviceId);
        if (now2) return answerExisting(now2, key, src);
        throw err;
      }
      if (!row) {
        // Re-read to say why: revoked or expired meanwhile, or the allowance is used up.
        const k = (await keys.get(key.id))!;
        if (k.revoked_at) return refuse(src, new AppError(401, PROVISION.revoked, 'This provisioning key has been revoked.'), { ...keyed, reason: 'revoked' });
        if (k.expires_at.getTime() <= t.getTime()) return refuse(src, new AppError(401, PROVISION.expired, 'This provisioning key has expired.'), { ...keyed, reason: 'expired' });
        return refuse(src, new AppError(403, PROVISION.limit, `This provisioning key has registered its ${k.max_devices} devices; ask for another.`), { ...keyed, reason: 'limit', maxDevices: k.max_devices });
      }
      dir.invalidate(row.id);
      broker.notify();
      await ctx.services.get(contextBrokerServiceKey).upsertEntity(deviceEntity(row));
      await audit().record({
        action: 'devices.device.provisioned', outcome: 'success', objectType: 'device', objectId: row.id,
        actor: { kind: 'device', id: row.id, name: row.id, departmentId: row.department_id }, sourceIp: src.sourceIp ?? null,
        detail: { provisioningKeyId: key.id, created: true, profileId: row.profile_id, divisionCode: row.division_code, transport: src.transport },
      }, src.req);
      return { status: 'created', device: deviceToApi(row), credentials: credentialsOf(row.id, token) };
    },
  };

  /** The id exists: the same key's device again (no new credentials), or someone else's id. */
  async function answerExisting(d: Awaited<ReturnType<DevicesRepository['get']>> & object, key: ProvisioningKeyRow, src: ProvisionSource): Promise<ProvisionResult> {
    if (d.provisioning_key_id !== key.id) {
      return refuse(src, new AppError(409, PROVISION.idTaken, `A device with the id ${d.id} exists already.`), { deviceId: d.id, provisioningKeyId: key.id, reason: 'id-taken' });
    }
    await audit().record({
      action: 'devices.device.provisioned', outcome: 'success', objectType: 'device', objectId: d.id,
      actor: { kind: 'device', id: d.id, name: d.id, departmentId: d.department_id }, sourceIp: src.sourceIp ?? null,
      detail: { provisioningKeyId: key.id, created: false, transport: src.transport },
    }, src.req);
    return { status: 'exists', device: deviceToApi(d) };
  }
}

export type ProvisioningService = ReturnType<typeof createProvisioningService>;
