import { createHash } from 'node:crypto';
import { AppError } from '@zhicheng/kernel';
import type { FastifyRequest } from 'fastify';
import type { IdentityContext } from './identity-context.js';
import type { OidcIdentity, OidcSettings } from './oidc-client.js';
import { adminClassesOf } from './permission-catalogue.js';
import { newId } from './tokens.js';
import type { UserRow } from './users-repository.js';

const noAccess = () => new AppError(403, 'ERR_AUTH_OIDC_NO_ACCESS', 'Your identity-provider account is in no group that this platform knows; ask for access.');

function localName(wanted: string): string {
  const clean = wanted.toLowerCase().replace(/[^a-z0-9._@-]/g, '').replace(/^[^a-z0-9]+/, '').slice(0, 48);
  return clean.length >= 2 ? clean : 'user';
}

/**
 * The local account of an identity-provider user: found by issuer + subject (never by user
 * name, so nobody becomes `admin` by naming themselves so at the provider), created at first
 * sign-in, and given the department and roles its groups map to. Roles from groups are
 * replaced at each sign-in; roles given locally stay. Administrator roles never come from groups.
 */
export async function provisionOidcUser(c: IdentityContext, s: OidcSettings, who: OidcIdentity, req: FastifyRequest): Promise<UserRow> {
  const mapped = who.groups.flatMap((g) => (s.groupMap[g] ? [{ group: g, ...s.groupMap[g] }] : []));
  let user = await c.users.byOidcSubject(who.subject);
  if (!mapped.length) {
    await c.audit.record({ action: 'auth.login', outcome: 'denied', actor: { kind: 'anonymous', id: null, name: who.username, departmentId: null }, detail: { via: 'oidc', reason: 'no-mapped-group', groups: who.groups.slice(0, 20) } }, req);
    throw noAccess();
  }
  const department = (await c.departments.get(mapped[0]!.department)) ? mapped[0]!.department : null;
  if (!user) {
    let username = localName(who.username);
    if (await c.users.byUsername(username)) username = `${username}.${createHash('sha256').update(who.subject).digest('hex').slice(0, 6)}`;
    await c.users.insert({ id: newId('usr'), username, displayName: who.displayName.slice(0, 100), departmentId: department, email: who.email, passwordHash: null, mustChangePassword: false, oidcSubject: who.subject, now: c.now() });
    user = (await c.users.byOidcSubject(who.subject))!;
    await c.audit.record({ action: 'identity.user.created', outcome: 'success', actor: { kind: 'user', id: user.id, name: user.username, departmentId: department }, objectType: 'user', objectId: user.id, detail: { via: 'oidc', groups: mapped.map((m) => m.group) } }, req);
  } else {
    await c.users.linkOidc(user.id, { displayName: who.displayName.slice(0, 100), email: who.email, departmentId: department });
  }
  await c.roles.removeOidcAssignments(user.id);
  const given: string[] = [];
  for (const m of mapped) {
    for (const roleId of m.roles) {
      const role = await c.roles.get(roleId);
      if (!role || adminClassesOf(role.permissions).size) {
        c.log.warn({ group: m.group, roleId }, 'ZC_OIDC_GROUP_MAP names an unknown or administrator role; skipped');
        continue;
      }
      await c.roles.insertAssignment({ id: newId('asg'), userId: user.id, roleId, departmentScopeId: m.departmentScope ?? null, divisionScopeCode: m.divisionScope ?? null, source: 'oidc', createdBy: 'oidc' });
      given.push(roleId);
    }
  }
  await c.audit.record({ action: 'identity.grant.synced', outcome: 'success', actor: { kind: 'user', id: user.id, name: user.username, departmentId: user.department_id }, objectType: 'user', objectId: user.id, detail: { via: 'oidc', roles: given } }, req);
  if (user.disabled) throw new AppError(401, 'ERR_AUTH_INVALID_CREDENTIALS', 'The user name or password is wrong, or the account cannot sign in now.');
  return (await c.users.byId(user.id))!;
}
