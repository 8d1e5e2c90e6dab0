import { Value } from '@sinclair/typebox/value';
import { auditServiceKey } from '@zhicheng/audit';
import { contextBrokerServiceKey } from '@zhicheng/context-broker';
import { authorizationServiceKey } from '@zhicheng/identity';
import type { ModuleContext } from '@zhicheng/kernel';
import type { FastifyRequest } from 'fastify';
import { NO_BROKER_CREDENTIALS, type BrokerCredentials } from '../broker-sync/credential-sync.js';
import { BATCH } from '../errors.js';
import type { ProfilesRepository } from '../profiles/profiles-repository.js';
import { DeviceInput, type DeviceBatchItemResult, type DeviceBatchResult, type Profile } from '../schemas.js';
import { hashToken, newDeviceToken } from './credentials.js';
import type { DeviceDirectory } from './device-directory.js';
import { credentialsOf, deviceEntity, entityTypeOf } from './device-service.js';
import { DEVICE_FIELDS, type DeviceFields, type DeviceRow, type DevicesRepository } from './devices-repository.js';

type Failure = { status: number; code: string; message: string };
interface Write { index: number; fields: DeviceFields; feed: boolean }

/** A device's stored fields after applying `input`: given fields replace, absent ones are kept (as the file import does). */
function merged(cur: DeviceRow, input: DeviceInput): DeviceFields {
  const has = (k: keyof DeviceInput) => input[k] !== undefined;
  const entityId = input.entityId ?? cur.entity_id;
  return {
    id: cur.id, name: input.name, profile_id: input.profileId,
    department_id: has('departmentId') ? input.departmentId! : cur.department_id,
    division_code: has('divisionCode') ? input.divisionCode! : cur.division_code,
    lon: has('location') ? input.location?.lon ?? null : cur.lon,
    lat: has('location') ? input.location?.lat ?? null : cur.lat,
    entity_id: entityId, entity_type: input.entityId ? entityTypeOf(entityId) ?? cur.entity_type : cur.entity_type,
    vendor: has('vendor') ? input.vendor! : cur.vendor, model: has('model') ? input.model! : cur.model,
    firmware: has('firmware') ? input.firmware! : cur.firmware, tags: input.tags ?? cur.tags,
  };
}

function fresh(input: DeviceInput, profile: Profile): DeviceFields {
  const entityId = input.entityId ?? `urn:ngsi-ld:${profile.entityType}:${input.id}`;
  return {
    id: input.id, name: input.name, profile_id: input.profileId, department_id: input.departmentId ?? null, division_code: input.divisionCode ?? null,
    lon: input.location?.lon ?? null, lat: input.location?.lat ?? null, entity_id: entityId, entity_type: entityTypeOf(entityId) ?? profile.entityType,
    vendor: input.vendor ?? null, model: input.model ?? null, firmware: input.firmware ?? null, tags: input.tags ?? [],
  };
}

const same = (a: DeviceFields, b: DeviceFields) =>
  DEVICE_FIELDS.every((f) => (f === 'tags' ? a.tags.length === b.tags.length && a.tags.every((t, i) => t === b.tags[i]) : a[f] === b[f]));

/**
 * `POST /api/v1/devices/batch`: up to MAX_DEVICE_BATCH device definitions upserted by id in one
 * transaction (one multi-row insert, one multi-row update). Each item is validated, checked
 * and answered on its own: created (with its credentials, shown this once), updated, unchanged
 * (nothing written) or an error with a stable code. The batch is audited once, with counts.
 * A device that exists outside the caller's scope answers 409 as the single create does.
 */
export function createDeviceBatch(ctx: ModuleContext, repo: DevicesRepository, profiles: ProfilesRepository, dir: DeviceDirectory, broker: BrokerCredentials = NO_BROKER_CREDENTIALS) {
  const authz = () => ctx.services.get(authorizationServiceKey);

  return async function applyBatch(items: unknown[], req: FastifyRequest): Promise<DeviceBatchResult> {
    const out: DeviceBatchItemResult[] = new Array(items.length);
    const idOf = (x: unknown) => (x && typeof x === 'object' && typeof (x as { id?: unknown }).id === 'string' ? (x as { id: string }).id : null);
    const fail = (index: number, f: Failure) => (out[index] = { index, id: idOf(items[index]), result: 'error', error: f });

    const valid: { index: number; input: DeviceInput }[] = [];
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (!Value.Check(DeviceInput, item)) {
        const e = Value.Errors(DeviceInput, item).First();
        return fail(index, { status: 400, code: BATCH.invalid, message: `${e?.path || '(item)'}: ${e?.message ?? 'invalid'}` });
      }
      // PostgreSQL text cannot hold NUL: refused here rather than failing the whole transaction.
      if (JSON.stringify(item).includes('\\u0000')) return fail(index, { status: 400, code: BATCH.invalid, message: '(item): text may not contain the NUL character' });
      if (seen.has(item.id)) return fail(index, { status: 400, code: BATCH.duplicate, message: `The id ${item.id} appears earlier in this batch.` });
      seen.add(item.id);
      valid.push({ index, input: item });
    });

    const profileOf = new Map<string, Profile | null>();
    for (const id of new Set(valid.map((v) => v.input.profileId))) profileOf.set(id, await profiles.get(id));
    const existing = new Map((await repo.getMany(valid.map((v) => v.input.id))).map((r) => [r.id, r]));
    // Scope checks are per place, and a batch has few places.
    const places = new Map<string, Promise<boolean>>();
    const may = (departmentId: string | null, divisionCode: string | null) => {
      const key = JSON.stringify([departmentId, divisionCode]);
      let p = places.get(key);
      if (!p) places.set(key, (p = authz().canAccess(req.principal, 'devices:manage', { departmentId, divisionCode })));
      return p;
    };
    const outOfScope = { status: 403, code: BATCH.outOfScope, message: 'You may not manage devices of that department or division.' };

    const creates: (Write & { token: string })[] = [];
    const updates: (Write & { version: number })[] = [];
    for (const { index, input } of valid) {
      const profile = profileOf.get(input.profileId);
      if (!profile) {
        fail(index, { status: 400, code: BATCH.profile, message: `No device profile has the id ${input.profileId}.` });
        continue;
      }
      const cur = existing.get(input.id);
      if (!cur) {
        const fields = fresh(input, profile);
        if (await may(fields.department_id, fields.division_code)) creates.push({ index, fields, token: newDeviceToken(), feed: true });
        else fail(index, outOfScope);
        continue;
      }
      if (!(await may(cur.department_id, cur.division_code))) {
        fail(index, { status: 409, code: BATCH.idTaken, message: `A device with the id ${input.id} exists already.` });
        continue;
      }
      const fields = merged(cur, input);
      if (same(cur, fields)) {
        out[index] = { index, id: cur.id, result: 'unchanged', entityId: cur.entity_id };
        continue;
      }
      const moved = fields.department_id !== cur.department_id || fields.division_code !== cur.division_code;
      if (moved && !(await may(fields.department_id, fields.division_code))) {
        fail(index, outOfScope);
        continue;
      }
      const feed = fields.lon !== cur.lon || fields.lat !== cur.lat || fields.entity_id !== cur.entity_id;
      updates.push({ index, fields, version: cur.updated_at.getTime(), feed });
    }

    const conflict = { status: 409, code: BATCH.conflict, message: 'The device was created or changed by someone else meanwhile; send it again.' };
    const written: Write[] = [];
    if (creates.length || updates.length) {
      // Decisions were made outside the transaction (scope checks may read the database); the
      // transaction locks the rows and writes only those nobody changed since.
      const { inserted, updated } = await ctx.db.transaction(async (tx) => {
        const versions = await repo.lockForBatch(tx, [...creates, ...updates].map((w) => w.fields.id));
        const inserted = await repo.insertMany(tx, creates.filter((c) => !versions.has(c.fields.id)).map((c) => ({ ...c.fields, token_hash: hashToken(c.token) })));
        const updated = await repo.updateMany(tx, updates.filter((u) => versions.get(u.fields.id) === u.version).map((u) => u.fields));
        // The new devices' MQTT logins go to the broker outbox in the same transaction.
        await broker.upsert(creates.filter((c) => inserted.has(c.fields.id)).map((c) => ({ deviceId: c.fields.id, token: c.token })), tx);
        return { inserted, updated };
      });
      broker.notify();
      for (const c of creates) {
        if (!inserted.has(c.fields.id)) fail(c.index, conflict);
        else {
          out[c.index] = { index: c.index, id: c.fields.id, result: 'created', entityId: c.fields.entity_id, credentials: credentialsOf(c.fields.id, c.token) };
          written.push(c);
        }
      }
      for (const u of updates) {
        if (!updated.has(u.fields.id)) fail(u.index, conflict);
        else {
          out[u.index] = { index: u.index, id: u.fields.id, result: 'updated', entityId: u.fields.entity_id };
          written.push(u);
        }
      }
    }

    for (const w of written) dir.invalidate(w.fields.id);
    const feeds = written.filter((w) => w.feed).map((w) => deviceEntity(w.fields));
    if (feeds.length) {
      // The devices are committed (and their tokens must reach the caller): a failure here is logged;
      // the entity is also created by the device's first reading.
      try {
        const r = await ctx.services.get(contextBrokerServiceKey).upsertEntities(feeds);
        if (r.errors.length) ctx.log.warn({ errors: r.errors.slice(0, 5), count: r.errors.length }, 'device batch: some entities were not written');
      } catch (err) {
        ctx.log.error({ err }, 'device batch: writing the entities failed');
      }
    }

    const result: DeviceBatchResult = { created: 0, updated: 0, unchanged: 0, failed: 0, items: out };
    for (const r of out) {
      if (r.result === 'error') result.failed++;
      else result[r.result]++;
    }
    const denied = out.every((r) => r.error?.status === 403);
    await ctx.services.get(auditServiceKey).record({
      action: 'devices.device.batch-upserted', outcome: result.failed < items.length ? 'success' : denied ? 'denied' : 'failure', objectType: 'device',
      detail: { items: items.length, created: result.created, updated: result.updated, unchanged: result.unchanged, failed: result.failed },
    }, req);
    return result;
  };
}

export type ApplyDeviceBatch = ReturnType<typeof createDeviceBatch>;
