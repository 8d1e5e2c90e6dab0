import type { Db } from '@zhicheng/kernel';
import type { AttributeSpec, Profile, ProfileInput, ProfilePatch } from '../schemas.js';
import { BUILTIN_PROFILES } from './builtin-profiles.js';

interface ProfileRow {
  id: string; name: string; description: string; entity_type: string; protocol: string; expression: string | null;
  attributes: Record<string, AttributeSpec>; strict: boolean; inactivity_s: number; builtin: boolean; created_at: Date; updated_at: Date;
}

const toApi = (r: ProfileRow): Profile => ({
  id: r.id, name: r.name, description: r.description, entityType: r.entity_type, protocol: r.protocol, expression: r.expression,
  attributes: r.attributes, strict: r.strict, inactivitySeconds: r.inactivity_s, builtin: r.builtin,
  createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
});

export function createProfilesRepository(db: Db) {
  return {
    async list(): Promise<Profile[]> {
      return (await db.query<ProfileRow>('select * from devices.profiles order by builtin desc, id')).map(toApi);
    },
    async get(id: string): Promise<Profile | null> {
      const [r] = await db.query<ProfileRow>('select * from devices.profiles where id = $1', [id]);
      return r ? toApi(r) : null;
    },
    /** Returns null when the id is taken. */
    async create(p: ProfileInput): Promise<Profile | null> {
      const [r] = await db.query<ProfileRow>(
        `insert into devices.profiles (id, name, description, entity_type, protocol, expression, attributes, strict, inactivity_s)
         values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9) on conflict (id) do nothing returning *`,
        [p.id, p.name, p.description ?? '', p.entityType, p.protocol ?? 'any', p.expression ?? null, JSON.stringify(p.attributes ?? {}), p.strict ?? false, p.inactivitySeconds ?? 600],
      );
      return r ? toApi(r) : null;
    },
    async update(id: string, p: ProfilePatch): Promise<Profile | null> {
      const [r] = await db.query<ProfileRow>(
        `update devices.profiles set name = coalesce($2, name), description = coalesce($3, description), entity_type = coalesce($4, entity_type),
           protocol = coalesce($5, protocol), expression = case when $6::boolean then $7 else expression end,
           attributes = coalesce($8::jsonb, attributes), strict = coalesce($9, strict), inactivity_s = coalesce($10, inactivity_s), updated_at = now()
         where id = $1 returning *`,
        [id, p.name ?? null, p.description ?? null, p.entityType ?? null, p.protocol ?? null, p.expression !== undefined, p.expression ?? null,
          p.attributes ? JSON.stringify(p.attributes) : null, p.strict ?? null, p.inactivitySeconds ?? null],
      );
      return r ? toApi(r) : null;
    },
    async remove(id: string): Promise<'deleted' | 'missing' | 'in-use'> {
      // Devices of the profile, or provisioning keys that would still register some.
      const [used] = await db.query<{ n: number }>(
        `select (select count(*) from devices.devices where profile_id = $1)
           + (select count(*) from devices.provisioning_keys where profile_id = $1 and revoked_at is null and expires_at > now()) as n`, [id],
      );
      if (used && used.n > 0) return 'in-use';
      const rows = await db.query('delete from devices.profiles where id = $1 returning id', [id]);
      return rows.length ? 'deleted' : 'missing';
    },
    /** Built-in profiles: inserted when missing, refreshed when the shipped definition changed. */
    async seedBuiltins(): Promise<void> {
      const b = BUILTIN_PROFILES;
      await db.query(
        `insert into devices.profiles (id, name, description, entity_type, expression, attributes, strict, inactivity_s, builtin)
         select x.id, x.name, x.description, x.entity_type, x.expression, x.attributes::jsonb, x.strict::boolean, x.inactivity_s, true
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[])
           as x(id, name, description, entity_type, expression, attributes, strict, inactivity_s)
         on conflict (id) do update set name = excluded.name, description = excluded.description, entity_type = excluded.entity_type,
           expression = excluded.expression, attributes = excluded.attributes, strict = excluded.strict, updated_at = now()
         where devices.profiles.builtin and (devices.profiles.expression is distinct from excluded.expression
           or devices.profiles.attributes <> excluded.attributes or devices.profiles.description <> excluded.description)`,
        [b.map((p) => p.id), b.map((p) => p.name), b.map((p) => p.description), b.map((p) => p.entityType), b.map((p) => p.expression),
          b.map((p) => JSON.stringify(p.attributes)), b.map((p) => String(p.strict)), b.map((p) => p.inactivitySeconds)],
      );
    },
  };
}

export type ProfilesRepository = ReturnType<typeof createProfilesRepository>;
