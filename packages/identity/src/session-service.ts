import type { Db } from '@zhicheng/kernel';
import { createSessionsRepository, type SessionRow } from './sessions-repository.js';
import { hashToken, newId, newToken, SESSION_PREFIX } from './tokens.js';

export interface SessionSettings {
  idleMinutes: number;
  maxHours: number;
}

/** How often last_seen is written: small against the idle timeout, large against request rates. */
const TOUCH_EVERY_MS = 15_000;

/**
 * Opaque session tokens (only their sha256 is stored) with an idle timeout and an absolute
 * lifetime, revocable on the server. `now` is a dependency so tests move time instead of sleeping.
 */
export function createSessionService(db: Db, settings: SessionSettings, now: () => Date) {
  const repo = createSessionsRepository(db);
  const idleMs = settings.idleMinutes * 60_000;
  return {
    idleMs,

    async create(userId: string, meta: { sourceIp: string | null; userAgent: string | null; via: 'password' | 'oidc' }): Promise<{ token: string; id: string; expiresAt: Date }> {
      const t = now();
      const token = newToken(SESSION_PREFIX);
      const id = newId('ses');
      const expiresAt = new Date(t.getTime() + settings.maxHours * 3_600_000);
      await repo.insert({ id, tokenHash: hashToken(token), userId, now: t, expiresAt, ...meta });
      return { token, id, expiresAt };
    },

    /** The live session a token belongs to, or null (unknown, ended, idle too long, past its lifetime). */
    async resolve(token: string): Promise<SessionRow | null> {
      const s = await repo.byTokenHash(hashToken(token));
      if (!s || s.ended_at) return null;
      const t = now();
      if (new Date(s.expires_at).getTime() <= t.getTime()) {
        await repo.end(s.id, 'expired', t);
        return null;
      }
      if (t.getTime() - new Date(s.last_seen_at).getTime() > idleMs) {
        await repo.end(s.id, 'idle', t);
        return null;
      }
      if (t.getTime() - new Date(s.last_seen_at).getTime() > TOUCH_EVERY_MS) await repo.touch(s.id, t, TOUCH_EVERY_MS);
      return s;
    },

    /** When the session ends at the latest if used now: the idle deadline or the absolute one. */
    expiresAt(s: Pick<SessionRow, 'expires_at'>): Date {
      return new Date(Math.min(new Date(s.expires_at).getTime(), now().getTime() + idleMs));
    },

    end: (id: string, reason: string) => repo.end(id, reason, now()),
    endAllOf: (userId: string, reason: string, exceptId?: string) => repo.endAllOf(userId, reason, now(), exceptId),
    get: (id: string) => repo.get(id),
    listActive: (f: { userId?: string; limit: number; offset: number }) => repo.listActive({ ...f, now: now(), idleMs }),
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
