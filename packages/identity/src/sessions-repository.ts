import type { Queryable } from '@zhicheng/kernel';

export interface SessionRow {
  id: string;
  user_id: string;
  username: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  source_ip: string | null;
  user_agent: string | null;
  via: 'password' | 'oidc';
}

const SELECT = `select s.id, s.user_id, u.username, s.created_at, s.last_seen_at, s.expires_at, s.ended_at, s.source_ip, s.user_agent, s.via
  from identity.sessions s join identity.users u on u.id = s.user_id`;

export function createSessionsRepository(db: Queryable) {
  return {
    async insert(s: { id: string; tokenHash: string; userId: string; now: Date; expiresAt: Date; sourceIp: string | null; userAgent: string | null; via: 'password' | 'oidc' }): Promise<void> {
      await db.query(
        `insert into identity.sessions (id, token_hash, user_id, created_at, last_seen_at, expires_at, source_ip, user_agent, via)
         values ($1, $2, $3, $4::timestamptz, $4::timestamptz, $5::timestamptz, $6, $7, $8)`,
        [s.id, s.tokenHash, s.userId, s.now.toISOString(), s.expiresAt.toISOString(), s.sourceIp, s.userAgent?.slice(0, 300) ?? null, s.via],
      );
    },

    async byTokenHash(hash: string): Promise<SessionRow | null> {
      const [r] = await db.query<SessionRow>(`${SELECT} where s.token_hash = $1`, [hash]);
      return r ?? null;
    },

    async get(id: string): Promise<SessionRow | null> {
      const [r] = await db.query<SessionRow>(`${SELECT} where s.id = $1`, [id]);
      return r ?? null;
    },

    /** Moves last_seen forward, at most once per `everyMs` (one write per request would be wasteful). */
    async touch(id: string, now: Date, everyMs: number): Promise<void> {
      await db.query(
        `update identity.sessions set last_seen_at = $2::timestamptz where id = $1 and last_seen_at < $2::timestamptz - make_interval(secs => $3)`,
        [id, now.toISOString(), everyMs / 1000],
      );
    },

    async end(id: string, reason: string, now: Date): Promise<boolean> {
      const rows = await db.query('update identity.sessions set ended_at = $3::timestamptz, ended_reason = $2 where id = $1 and ended_at is null returning id', [id, reason, now.toISOString()]);
      return rows.length > 0;
    },

    async endAllOf(userId: string, reason: string, now: Date, exceptId?: string): Promise<number> {
      const rows = await db.query(
        `update identity.sessions set ended_at = $3::timestamptz, ended_reason = $2 where user_id = $1 and ended_at is null and id is distinct from $4 returning id`,
        [userId, reason, now.toISOString(), exceptId ?? null],
      );
      return rows.length;
    },

    /** Sessions still usable at `now` given the idle timeout. */
    async listActive(f: { userId?: string; now: Date; idleMs: number; limit: number; offset: number }): Promise<{ items: SessionRow[]; total: number }> {
      const params: unknown[] = [f.now.toISOString(), f.idleMs / 1000];
      const where = ['s.ended_at is null', 's.expires_at > $1::timestamptz', 's.last_seen_at > $1::timestamptz - make_interval(secs => $2)'];
      if (f.userId) where.push(`s.user_id = $${params.push(f.userId)}`);
      const w = `where ${where.join(' and ')}`;
      const [{ n } = { n: 0 }] = await db.query<{ n: number }>(`select count(*)::int as n from identity.sessions s ${w}`, params);
      const rows = await db.query<SessionRow>(`${SELECT} ${w} order by s.last_seen_at desc limit $${params.length + 1} offset $${params.length + 2}`, [...params, f.limit, f.offset]);
      return { items: rows, total: n };
    },
  };
}
