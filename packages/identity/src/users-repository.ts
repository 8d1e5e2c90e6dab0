import type { Queryable, SecretBox } from '@zhicheng/kernel';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  department_id: string | null;
  phone: string | null;
  email: string | null;
  password_hash: string | null;
  password_changed_at: Date | null;
  must_change_password: boolean;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: number | null;
  failed_attempts: number;
  locked_until: Date | null;
  disabled: boolean;
  demo: boolean;
  oidc_subject: string | null;
  created_at: Date;
}

export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  phone?: string | null;
  email?: string | null;
  passwordHash: string | null;
  mustChangePassword: boolean;
  demo?: boolean;
  oidcSubject?: string | null;
  now: Date;
}

export interface UserFilter {
  q?: string;
  /** Department subtree (itself included). */
  within?: string;
  divisionCodes?: string[];
  disabled?: boolean;
  limit: number;
  offset: number;
}

// Listing joins the department for its division: users are placed where their department is.
const FROM = 'identity.users u left join identity.departments d on d.id = u.department_id';

/**
 * TOTP seeds are sealed with the platform's secret box before they reach the database and
 * opened when a user row is read for authentication; lists never open them.
 */
export function createUsersRepository(db: Queryable, secrets: SecretBox) {
  const opened = (r: UserRow | undefined): UserRow | null => {
    if (!r) return null;
    const open = (v: string | null) => (v && secrets.isSealed(v) ? secrets.open(v) : v);
    return { ...r, totp_secret: open(r.totp_secret), totp_pending_secret: open(r.totp_pending_secret) };
  };
  return {
    async byUsername(username: string): Promise<UserRow | null> {
      const [r] = await db.query<UserRow>('select * from identity.users where username = $1', [username.toLowerCase()]);
      return opened(r);
    },

    async byId(id: string): Promise<UserRow | null> {
      const [r] = await db.query<UserRow>('select * from identity.users where id = $1', [id]);
      return opened(r);
    },

    async byOidcSubject(subject: string): Promise<UserRow | null> {
      const [r] = await db.query<UserRow>('select * from identity.users where oidc_subject = $1', [subject]);
      return opened(r);
    },

    /** Inserts unless the user name is taken; returns whether it was new. */
    async insert(u: NewUser): Promise<boolean> {
      const rows = await db.query(
        `insert into identity.users (id, username, display_name, department_id, phone, email, password_hash, password_changed_at,
           must_change_password, demo, oidc_subject, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz, $9, $10, $11, $8::timestamptz, $8::timestamptz)
         on conflict (username) do nothing returning id`,
        [u.id, u.username.toLowerCase(), u.displayName, u.departmentId, u.phone ?? null, u.email ?? null, u.passwordHash,
          u.now.toISOString(), u.mustChangePassword, u.demo ?? false, u.oidcSubject ?? null],
      );
      return rows.length > 0;
    },

    async list(f: UserFilter, scope: { sql: string; params: unknown[] }): Promise<{ items: (UserRow & { division_code: string | null })[]; total: number }> {
      const params = [...scope.params];
      const where = [scope.sql];
      if (f.q) {
        const n = params.push(f.q.toLowerCase());
        where.push(`(strpos(u.username, $${n}) > 0 or strpos(lower(u.display_name), $${n}) > 0)`);
      }
      if (f.within) where.push(`$${params.push(f.within)} = any(d.path)`);
      if (f.divisionCodes) where.push(`d.division_code = any($${params.push(f.divisionCodes)}::text[])`);
      if (f.disabled !== undefined) where.push(`u.disabled = $${params.push(f.disabled)}`);
      const w = `where ${where.join(' and ')}`;
      const [{ n } = { n: 0 }] = await db.query<{ n: number }>(`select count(*)::int as n from ${FROM} ${w}`, params);
      const rows = await db.query<UserRow & { division_code: string | null }>(
        `select u.*, d.division_code from ${FROM} ${w} order by u.username limit $${params.length + 1} offset $${params.length + 2}`,
        [...params, f.limit, f.offset],
      );
      return { items: rows, total: n };
    },

    /** Active colleagues for pickers: id, name and department only. */
    async directory(f: { q?: string; ids?: string[]; within?: string; limit: number; offset: number }, scope: { sql: string; params: unknown[] }) {
      const params = [...scope.params];
      const where = [scope.sql, 'not u.disabled'];
      if (f.q) {
        const n = params.push(f.q.toLowerCase());
        where.push(`(strpos(u.username, $${n}) > 0 or strpos(lower(u.display_name), $${n}) > 0)`);
      }
      if (f.ids) where.push(`u.id = any($${params.push(f.ids)}::text[])`);
      if (f.within) where.push(`$${params.push(f.within)} = any(d.path)`);
      const w = `where ${where.join(' and ')}`;
      const [{ n } = { n: 0 }] = await db.query<{ n: number }>(`select count(*)::int as n from ${FROM} ${w}`, params);
      const rows = await db.query<{ id: string; display_name: string; department_id: string | null; department_name: string | null; division_code: string | null }>(
        `select u.id, u.display_name, u.department_id, d.name as department_name, d.division_code from ${FROM} ${w}
         order by u.display_name, u.id limit $${params.length + 1} offset $${params.length + 2}`,
        [...params, f.limit, f.offset],
      );
      return {
        items: rows.map((r) => ({ id: r.id, displayName: r.display_name, departmentId: r.department_id, departmentName: r.department_name, divisionCode: r.division_code })),
        total: n,
      };
    },

    /** One user if the scope filter lets the caller see them. */
    async visible(id: string, scope: { sql: string; params: unknown[] }): Promise<(UserRow & { division_code: string | null }) | null> {
      const [r] = await db.query<UserRow & { division_code: string | null }>(
        `select u.*, d.division_code from ${FROM} where u.id = $${scope.params.length + 1} and ${scope.sql}`,
        [...scope.params, id],
      );
      return r ?? null;
    },

    async update(id: string, patch: { displayName?: string; departmentId?: string; phone?: string | null; email?: string | null }): Promise<void> {
      await db.query(
        `update identity.users set display_name = coalesce($2, display_name), department_id = coalesce($3, department_id),
           phone = case when $4::boolean then $5 else phone end, email = case when $6::boolean then $7 else email end, updated_at = now()
         where id = $1`,
        [id, patch.displayName ?? null, patch.departmentId ?? null, patch.phone !== undefined, patch.phone ?? null, patch.email !== undefined, patch.email ?? null],
      );
    },

    async setPassword(id: string, hash: string, mustChange: boolean, now: Date): Promise<void> {
      await db.query(
        `update identity.users set password_hash = $2, must_change_password = $3, password_changed_at = $4::timestamptz,
           failed_attempts = 0, locked_until = null, updated_at = now() where id = $1`,
        [id, hash, mustChange, now.toISOString()],
      );
    },

    async setDisabled(id: string, disabled: boolean): Promise<void> {
      await db.query('update identity.users set disabled = $2, updated_at = now() where id = $1', [id, disabled]);
    },

    /** Counts a failed sign-in; locks the account when the count reaches `attempts`. Returns whether it is now locked. */
    async recordFailure(id: string, attempts: number, lockUntil: Date): Promise<boolean> {
      const [r] = await db.query<{ locked: boolean }>(
        `update identity.users set
           failed_attempts = case when failed_attempts + 1 >= $2 then 0 else failed_attempts + 1 end,
           locked_until = case when failed_attempts + 1 >= $2 then $3::timestamptz else locked_until end
         where id = $1 returning (locked_until = $3::timestamptz) as locked`,
        [id, attempts, lockUntil.toISOString()],
      );
      return r?.locked ?? false;
    },

    async recordSuccess(id: string, totpStep: number | null): Promise<void> {
      await db.query(
        'update identity.users set failed_attempts = 0, locked_until = null, totp_last_step = coalesce($2, totp_last_step) where id = $1',
        [id, totpStep],
      );
    },

    async unlock(id: string): Promise<void> {
      await db.query('update identity.users set failed_attempts = 0, locked_until = null where id = $1', [id]);
    },

    async setPendingTotp(id: string, secret: string): Promise<void> {
      await db.query('update identity.users set totp_pending_secret = $2 where id = $1', [id, secrets.seal(secret)]);
    },

    async confirmTotp(id: string, step: number): Promise<void> {
      await db.query(
        'update identity.users set totp_secret = totp_pending_secret, totp_pending_secret = null, totp_last_step = $2 where id = $1 and totp_pending_secret is not null',
        [id, step],
      );
    },

    async resetTotp(id: string): Promise<void> {
      await db.query('update identity.users set totp_secret = null, totp_pending_secret = null, totp_last_step = null, updated_at = now() where id = $1', [id]);
    },

    async linkOidc(id: string, patch: { displayName: string; email: string | null; departmentId: string | null }): Promise<void> {
      await db.query(
        'update identity.users set display_name = $2, email = coalesce($3, email), department_id = coalesce($4, department_id), updated_at = now() where id = $1',
        [id, patch.displayName, patch.email, patch.departmentId],
      );
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
