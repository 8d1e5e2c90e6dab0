import type { Db } from '@zhicheng/kernel';
import { compileProfile, type CompiledProfile } from '../profiles/mapping.js';
import type { AttributeSpec } from '../schemas.js';
import { hashToken } from './credentials.js';

/** What ingestion needs to know about a device, cached in memory (one lookup per TTL, not per message). */
export interface DeviceInfo {
  id: string;
  entityId: string;
  entityType: string;
  departmentId: string | null;
  divisionCode: string | null;
  profileId: string;
  tokenHash: string;
  status: 'never' | 'online' | 'offline';
  loadedAt: number;
}

const TTL_MS = 30_000;
const NEGATIVE_TTL_MS = 5_000;
const MAX_ENTRIES = 2_000_000;

/**
 * The in-memory directory of devices and compiled profiles. Entries expire after 30 s so
 * changes made by another process arrive; this process's own changes invalidate at once.
 */
export function createDeviceDirectory(db: Db, now: () => number = Date.now) {
  const byId = new Map<string, DeviceInfo | { missing: true; loadedAt: number }>();
  const idByHash = new Map<string, string>();
  const profiles = new Map<string, { p: CompiledProfile | null; loadedAt: number }>();

  const load = async (where: string, v: string): Promise<DeviceInfo | null> => {
    const [r] = await db.query<{ id: string; entity_id: string; entity_type: string; department_id: string | null; division_code: string | null; profile_id: string; token_hash: string; status: DeviceInfo['status'] }>(
      `select id, entity_id, entity_type, department_id, division_code, profile_id, token_hash, status from devices.devices where ${where} = $1`, [v],
    );
    if (!r) return null;
    if (byId.size > MAX_ENTRIES) byId.clear();
    const info: DeviceInfo = {
      id: r.id, entityId: r.entity_id, entityType: r.entity_type, departmentId: r.department_id, divisionCode: r.division_code,
      profileId: r.profile_id, tokenHash: r.token_hash, status: r.status, loadedAt: now(),
    };
    byId.set(info.id, info);
    idByHash.set(info.tokenHash, info.id);
    return info;
  };

  const fresh = (e: { loadedAt: number }, ttl: number) => now() - e.loadedAt < ttl;

  return {
    /** Synchronous hit, or undefined when the directory must ask the database. */
    peek(id: string): DeviceInfo | null | undefined {
      const e = byId.get(id);
      if (!e) return undefined;
      if ('missing' in e) return fresh(e, NEGATIVE_TTL_MS) ? null : undefined;
      return fresh(e, TTL_MS) ? e : undefined;
    },
    async get(id: string): Promise<DeviceInfo | null> {
      const hit = this.peek(id);
      if (hit !== undefined) return hit;
      const info = await load('id', id);
      if (!info) byId.set(id, { missing: true, loadedAt: now() });
      return info;
    },
    /** The device a token belongs to (the token itself is never kept, only its hash). */
    async byToken(token: string): Promise<DeviceInfo | null> {
      const hash = hashToken(token);
      const id = idByHash.get(hash);
      if (id) {
        const hit = this.peek(id);
        if (hit && hit.tokenHash === hash) return hit;
      }
      const info = await load('token_hash', hash);
      return info && info.tokenHash === hash ? info : null;
    },
    invalidate(id: string) {
      const e = byId.get(id);
      if (e && !('missing' in e)) idByHash.delete(e.tokenHash);
      byId.delete(id);
    },
    /** Marks the cached status (connectivity keeps it current without a reload). */
    setStatus(id: string, status: DeviceInfo['status']) {
      const e = byId.get(id);
      if (e && !('missing' in e)) e.status = status;
    },
    /** Synchronous hit of a compiled profile, or undefined when it must be loaded. */
    peekProfile(id: string): CompiledProfile | null | undefined {
      const e = profiles.get(id);
      return e && fresh(e, TTL_MS) ? e.p : undefined;
    },
    async profile(id: string): Promise<CompiledProfile | null> {
      const e = profiles.get(id);
      if (e && fresh(e, TTL_MS)) return e.p;
      const [r] = await db.query<{ id: string; entity_type: string; expression: string | null; attributes: Record<string, AttributeSpec>; strict: boolean; inactivity_s: number }>(
        'select id, entity_type, expression, attributes, strict, inactivity_s from devices.profiles where id = $1', [id],
      );
      let p: CompiledProfile | null = null;
      if (r) {
        try {
          p = compileProfile({ id: r.id, entityType: r.entity_type, expression: r.expression, attributes: r.attributes, strict: r.strict, inactivitySeconds: r.inactivity_s });
        } catch {
          // A stored expression that no longer compiles: its devices' messages become dead letters.
          p = null;
        }
      }
      profiles.set(id, { p, loadedAt: now() });
      return p;
    },
    invalidateProfile(id: string) {
      profiles.delete(id);
    },
  };
}

export type DeviceDirectory = ReturnType<typeof createDeviceDirectory>;
