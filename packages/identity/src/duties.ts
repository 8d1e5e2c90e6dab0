import { AppError, badRequest } from '@zhicheng/kernel';
import type { IdentityContext } from './identity-context.js';
import { adminClassesOf, knownPermission } from './permission-catalogue.js';
import type { IdentityPrincipal } from './principal.js';
import { adminClassesOfGrants } from './user-state.js';

/**
 * Separation of duties (等保 三员分立). The three administrator duties never meet in one
 * role or one user, nobody grants roles to themselves, and an administrator account's
 * credentials are reset only by a peer of the same duty, so no administrator can take over
 * another's account and do its work.
 */
const sod = (message: string) => new AppError(403, 'ERR_IDENTITY_SEPARATION_OF_DUTIES', message);

export function checkRolePermissions(permissions: string[]): void {
  const unknown = permissions.filter((p) => !knownPermission(p));
  if (unknown.length) throw badRequest('ERR_IDENTITY_UNKNOWN_PERMISSION', `Unknown permission(s): ${unknown.join(', ')}. See GET /api/v1/permissions.`);
  const classes = adminClassesOf(permissions);
  if (classes.size > 1) throw sod(`A role may carry the permissions of one administrator duty only; this one mixes ${[...classes].join(' and ')}.`);
}

export function checkApiKeyPermissions(permissions: string[]): void {
  const unknown = permissions.filter((p) => !knownPermission(p));
  if (unknown.length) throw badRequest('ERR_IDENTITY_UNKNOWN_PERMISSION', `Unknown permission(s): ${unknown.join(', ')}. See GET /api/v1/permissions.`);
  if (adminClassesOf(permissions).size) throw sod('API keys carry data permissions only; administration is done by people, with a second factor.');
}

/** Refuses changes to another duty's administrator account (reset, disable, unlock, edit). */
export async function assertMayManageAccount(c: IdentityContext, actor: IdentityPrincipal, targetUserId: string): Promise<void> {
  const { grants } = await c.roles.grantsOf(targetUserId);
  const theirs = adminClassesOfGrants(grants);
  if (!theirs.size) return;
  const mine = adminClassesOfGrants(actor.grants);
  const foreign = [...theirs].filter((d) => !mine.has(d));
  if (foreign.length) throw sod(`This account holds the ${foreign.join(' and ')} administrator duty; only a ${foreign.join('/')} administrator may change it.`);
}

export async function assertMayAssign(c: IdentityContext, actor: IdentityPrincipal, userId: string, rolePermissions: string[]): Promise<void> {
  if (userId === actor.id) throw sod('Nobody assigns roles to themselves; ask another security administrator.');
  const roleDuties = adminClassesOf(rolePermissions);
  if (!roleDuties.size) return;
  const { grants } = await c.roles.grantsOf(userId);
  const held = adminClassesOfGrants(grants);
  const all = new Set([...held, ...roleDuties]);
  if (all.size > 1) throw sod(`One user holds one administrator duty at most; this would give ${[...all].join(' and ')}.`);
  const user = await c.users.byId(userId);
  if (user && !user.password_hash) {
    throw badRequest('ERR_IDENTITY_ADMIN_NEEDS_LOCAL_ACCOUNT', 'Administrator roles need a local account with a password and a second factor; this account signs in through the identity provider.');
  }
}

/** A custom role already held must not, once changed, give any holder a second duty or turn an identity-provider account into an administrator. */
export async function assertRoleChangeKeepsDuties(c: IdentityContext, roleId: string, permissions: string[]): Promise<void> {
  if (!adminClassesOf(permissions).size) return;
  const rows = await c.db.query<{ user_id: string; permissions: string[]; has_password: boolean }>(
    `select a.user_id, r.permissions, u.password_hash is not null as has_password
     from identity.role_assignments a join identity.roles r on r.id = a.role_id join identity.users u on u.id = a.user_id
     where a.user_id in (select user_id from identity.role_assignments where role_id = $1) and a.role_id <> $1`,
    [roleId],
  );
  const holders = await c.db.query<{ user_id: string; has_password: boolean }>(
    `select distinct a.user_id, u.password_hash is not null as has_password from identity.role_assignments a join identity.users u on u.id = a.user_id where a.role_id = $1`,
    [roleId],
  );
  for (const h of holders) {
    if (!h.has_password) throw badRequest('ERR_IDENTITY_ADMIN_NEEDS_LOCAL_ACCOUNT', 'An identity-provider account holds this role; administrator permissions need a local account.');
    const duties = adminClassesOf([...permissions, ...rows.filter((r) => r.user_id === h.user_id).flatMap((r) => r.permissions)]);
    if (duties.size > 1) throw sod(`A holder of this role would then have the ${[...duties].join(' and ')} duties.`);
  }
}
