import { Type } from '@sinclair/typebox';
import { auditServiceKey } from '@zhicheng/audit';
import { badRequest, conflict, type HttpApp, type ModuleContext } from '@zhicheng/kernel';
import { profileNotFound } from '../errors.js';
import { compileProfile } from '../profiles/mapping.js';
import type { ProfilesRepository } from '../profiles/profiles-repository.js';
import type { DeviceDirectory } from '../registry/device-directory.js';
import { PreviewResult, Profile, ProfileFields, ProfileId, ProfileInput, ProfilePatch } from '../schemas.js';

function assertCompiles(expression: string | null | undefined) {
  if (!expression) return;
  try {
    compileProfile({ id: 'check', entityType: 'X', expression, attributes: {}, strict: false, inactivitySeconds: 600 });
  } catch (err) {
    throw badRequest('ERR_DEVICES_MAPPING_INVALID', `The JSONata expression does not compile: ${(err as Error).message}`);
  }
}

/** `/api/v1/device-profiles`: payload mappings, with a preview for the console's mapping editor. */
export function profileRoutes(app: HttpApp, ctx: ModuleContext, repo: ProfilesRepository, dir: DeviceDirectory) {
  const audit = ctx.services.get(auditServiceKey);
  const tags = ['devices'];
  const params = Type.Object({ id: ProfileId });
  /** Built-in profiles ship with the platform (and are refreshed from it at start): copy one to change it. */
  const assertNotBuiltin = async (id: string) => {
    if ((await repo.get(id))?.builtin) {
      throw conflict('ERR_DEVICES_PROFILE_BUILTIN', `Profile ${id} is built in and cannot be changed or deleted; create a new profile from a copy of it instead.`);
    }
  };

  app.get('/api/v1/device-profiles', {
    config: { permission: 'devices:read' },
    schema: { tags, summary: 'List device profiles', response: { 200: Type.Object({ items: Type.Array(Profile) }) } },
  }, async () => ({ items: await repo.list() }));

  app.get('/api/v1/device-profiles/:id', {
    config: { permission: 'devices:read' },
    schema: { tags, summary: 'One device profile', params, response: { 200: Profile } },
  }, async (req) => (await repo.get(req.params.id)) ?? Promise.reject(profileNotFound(req.params.id)));

  app.post('/api/v1/device-profiles', {
    config: { permission: 'devices:manage' },
    schema: { tags, summary: 'Create a device profile', body: ProfileInput, response: { 201: Profile } },
  }, async (req, reply) => {
    assertCompiles(req.body.expression);
    const p = await repo.create(req.body);
    if (!p) throw conflict('ERR_DEVICES_PROFILE_ID_TAKEN', `A profile with the id ${req.body.id} exists already.`);
    await audit.record({ action: 'devices.profile.created', outcome: 'success', objectType: 'device-profile', objectId: p.id }, req);
    return reply.status(201).send(p);
  });

  app.patch('/api/v1/device-profiles/:id', {
    config: { permission: 'devices:manage' },
    schema: { tags, summary: 'Change a device profile (applies to its devices within 30 s on every process)', params, body: ProfilePatch, response: { 200: Profile } },
  }, async (req) => {
    await assertNotBuiltin(req.params.id);
    assertCompiles(req.body.expression);
    const p = await repo.update(req.params.id, req.body);
    if (!p) throw profileNotFound(req.params.id);
    dir.invalidateProfile(p.id);
    await audit.record({ action: 'devices.profile.updated', outcome: 'success', objectType: 'device-profile', objectId: p.id, detail: { fields: Object.keys(req.body) } }, req);
    return p;
  });

  app.delete('/api/v1/device-profiles/:id', {
    config: { permission: 'devices:manage' },
    schema: { tags, summary: 'Delete a device profile no device uses', params, response: { 204: Type.Null() } },
  }, async (req, reply) => {
    await assertNotBuiltin(req.params.id);
    const r = await repo.remove(req.params.id);
    if (r === 'missing') throw profileNotFound(req.params.id);
    if (r === 'in-use') throw conflict('ERR_DEVICES_PROFILE_IN_USE', `Devices or active provisioning keys still use profile ${req.params.id}.`);
    dir.invalidateProfile(req.params.id);
    await audit.record({ action: 'devices.profile.deleted', outcome: 'success', objectType: 'device-profile', objectId: req.params.id }, req);
    return reply.status(204).send(null);
  });

  app.post('/api/v1/device-profiles/:id/preview', {
    config: { permission: 'devices:read' },
    schema: {
      tags, summary: 'Map a sample payload with this profile (or with unsaved edits: expression, attributes, strict) without storing anything', params,
      body: Type.Object({
        payload: Type.Unknown(), expression: Type.Optional(Type.Union([Type.String({ maxLength: 20000 }), Type.Null()])),
        attributes: ProfileFields.attributes, strict: ProfileFields.strict,
      }),
      response: { 200: PreviewResult },
    },
  }, async (req) => {
    const p = await repo.get(req.params.id);
    if (!p) throw profileNotFound(req.params.id);
    const expression = req.body.expression !== undefined ? req.body.expression : p.expression;
    let compiled;
    try {
      compiled = compileProfile({
        id: p.id, entityType: p.entityType, expression, attributes: req.body.attributes ?? p.attributes, strict: req.body.strict ?? p.strict,
        inactivitySeconds: p.inactivitySeconds,
      });
    } catch (err) {
      return { ok: false, observations: [], error: { code: 'ERR_DEVICES_MAPPING_INVALID', reason: (err as Error).message } };
    }
    const r = await compiled.map(req.body.payload, Date.now());
    if (!r.ok) return { ok: false, observations: [], error: { code: r.code, reason: r.reason } };
    return {
      ok: true,
      observations: r.observations.map((o) => ({ name: o.name, value: o.value, ...(o.unitCode ? { unitCode: o.unitCode } : {}), observedAt: new Date(o.observedAt).toISOString() })),
    };
  });
}
