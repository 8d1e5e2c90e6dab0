import { badRequest, conflict, notFound, type HttpApp } from '@zhicheng/kernel';
import type { FastifyRequest } from 'fastify';
import type { AuthorizationService } from '../authorization-service.js';
import { assertMayManageAccount } from '../duties.js';
import type { IdentityContext } from '../identity-context.js';
import { toUserApi } from '../mappers.js';
import { hashPassword } from '../password-hasher.js';
import { generatePassword } from '../password-policy.js';
import { DirectoryList, DirectoryQuery, IdParams, OneTimePassword, User, UserCreate, UserCreated, UserList, UserQuery, UserUpdate } from '../schemas.js';
import { newId } from '../tokens.js';
import type { UserRow } from '../users-repository.js';
import { audited, principal } from './route-helpers.js';

const PII = { phone: 'phone', email: 'email' } as const;
const USER_PLACE = { departmentColumn: 'u.department_id', divisionColumn: 'd.division_code' };

export function userRoutes(app: HttpApp, c: IdentityContext, authz: AuthorizationService) {
  const tags = ['users'];

  const show = (req: FastifyRequest, u: UserRow & { division_code: string | null }) =>
    authz.maskRecord(req.principal, toUserApi(u, c.now()), { fields: PII, objectType: 'user', objectId: u.id, place: { departmentId: u.department_id, divisionCode: u.division_code }, req });

  /** The user if the caller may use `permission` on them; otherwise a 404, as if there were none. */
  const target = async (req: FastifyRequest, id: string, permission: string) => {
    const u = await c.users.visible(id, await authz.sqlFilter(req.principal, permission, USER_PLACE));
    if (!u) throw notFound('ERR_IDENTITY_USER_NOT_FOUND', `User ${id} does not exist or is not yours to see.`);
    return u;
  };

  const activeDepartment = async (id: string) => {
    const d = await c.departments.get(id);
    if (!d || d.disabled) throw badRequest('ERR_IDENTITY_DEPARTMENT_NOT_FOUND', `No active department has the id ${id}.`);
    return d;
  };

  app.get('/api/v1/users', {
    config: { permission: 'users:read' },
    schema: { tags, summary: 'List and search user accounts (filtered to your scope)', querystring: UserQuery, response: { 200: UserList } },
  }, async (req) => {
    const { department, division, ...rest } = req.query;
    const divisionCodes = division ? (await c.subtrees.ready()).divisions(division) : undefined;
    const { items, total } = await c.users.list({ ...rest, within: department, divisionCodes }, await authz.sqlFilter(req.principal, 'users:read', USER_PLACE));
    return { items: await Promise.all(items.map((u) => show(req, u))), total };
  });

  // Pickers of operational pages (assign an alarm to a colleague) need names, not accounts:
  // anyone who may read departments sees the active colleagues in that scope, without
  // contact details or account state (users:read stays with the account administrators).
  app.get('/api/v1/users/directory', {
    config: { permission: 'departments:read' },
    schema: { tags, summary: 'Colleagues in your scope for pickers: id, name and department only', querystring: DirectoryQuery, response: { 200: DirectoryList } },
  }, async (req) => {
    const { ids, department, ...rest } = req.query;
    return c.users.directory({ ...rest, ids: ids?.split(','), within: department }, await authz.sqlFilter(req.principal, 'departments:read', USER_PLACE));
  });

  app.get('/api/v1/users/:id', {
    config: { permission: 'users:read' },
    schema: { tags, summary: 'One user account', params: IdParams, response: { 200: User } },
  }, async (req) => show(req, await target(req, req.params.id, 'users:read')));

  app.post('/api/v1/users', {
    config: { permission: 'users:manage' },
    schema: { tags, summary: 'Create a user account with a one-time password (shown once, changed at first sign-in)', body: UserCreate, response: { 201: UserCreated } },
  }, async (req, reply) => {
    const dept = await activeDepartment(req.body.departmentId);
    if (!(await authz.canAccess(req.principal, 'users:manage', { departmentId: dept.id, divisionCode: dept.divisionCode }))) {
      throw badRequest('ERR_IDENTITY_DEPARTMENT_NOT_FOUND', `No active department has the id ${dept.id}.`);
    }
    const oneTimePassword = generatePassword();
    const id = newId('usr');
    const inserted = await c.users.insert({
      id, username: req.body.username, displayName: req.body.displayName, departmentId: dept.id, phone: req.body.phone ?? null, email: req.body.email ?? null,
      passwordHash: await hashPassword(oneTimePassword), mustChangePassword: true, now: c.now(),
    });
    if (!inserted) throw conflict('ERR_IDENTITY_USERNAME_TAKEN', `The user name ${req.body.username.toLowerCase()} is taken.`);
    await audited(c, req, { action: 'identity.user.created', objectType: 'user', objectId: id, detail: { username: req.body.username.toLowerCase(), departmentId: dept.id } });
    const u = (await c.users.visible(id, { sql: 'true', params: [] }))!;
    return reply.status(201).send({ user: await show(req, u), oneTimePassword });
  });

  app.patch('/api/v1/users/:id', {
    config: { permission: 'users:manage' },
    schema: { tags, summary: 'Change a user account', params: IdParams, body: UserUpdate, response: { 200: User } },
  }, async (req) => {
    const u = await target(req, req.params.id, 'users:manage');
    await assertMayManageAccount(c, principal(req), u.id);
    if (req.body.departmentId) await activeDepartment(req.body.departmentId);
    await c.users.update(u.id, req.body);
    await audited(c, req, { action: 'identity.user.updated', objectType: 'user', objectId: u.id, detail: { fields: Object.keys(req.body).sort() } });
    return show(req, (await c.users.visible(u.id, { sql: 'true', params: [] }))!);
  });

  for (const [verb, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(`/api/v1/users/:id/${verb}`, {
      config: { permission: 'users:manage' },
      schema: { tags, summary: verb === 'disable' ? 'Disable an account (ends its sessions)' : 'Enable an account', params: IdParams, response: { 200: User } },
    }, async (req) => {
      const u = await target(req, req.params.id, 'users:manage');
      if (u.id === req.principal?.id) throw badRequest('ERR_IDENTITY_SELF', 'You cannot disable your own account.');
      await assertMayManageAccount(c, principal(req), u.id);
      await c.users.setDisabled(u.id, disabled);
      const ended = disabled ? await c.sessions.endAllOf(u.id, 'disabled') : 0;
      await audited(c, req, { action: `identity.user.${verb}d`, objectType: 'user', objectId: u.id, detail: disabled ? { sessionsEnded: ended } : {} });
      return show(req, (await c.users.visible(u.id, { sql: 'true', params: [] }))!);
    });
  }

  app.post('/api/v1/users/:id/reset-password', {
    config: { permission: 'users:manage' },
    schema: { tags, summary: 'Reset a password: a one-time password, shown once, changed at next sign-in', params: IdParams, response: { 200: OneTimePassword } },
  }, async (req) => {
    const u = await target(req, req.params.id, 'users:manage');
    await assertMayManageAccount(c, principal(req), u.id);
    if (!u.password_hash && u.oidc_subject) throw badRequest('ERR_AUTH_NO_LOCAL_PASSWORD', 'This account signs in through the identity provider.');
    const oneTimePassword = generatePassword();
    await c.users.setPassword(u.id, await hashPassword(oneTimePassword), true, c.now());
    const ended = await c.sessions.endAllOf(u.id, 'password-reset');
    await audited(c, req, { action: 'identity.user.password-reset', objectType: 'user', objectId: u.id, detail: { sessionsEnded: ended } });
    return { oneTimePassword };
  });

  app.post('/api/v1/users/:id/unlock', {
    config: { permission: 'users:manage' },
    schema: { tags, summary: 'Unlock an account locked by failed sign-ins', params: IdParams, response: { 200: User } },
  }, async (req) => {
    const u = await target(req, req.params.id, 'users:manage');
    await assertMayManageAccount(c, principal(req), u.id);
    await c.users.unlock(u.id);
    await audited(c, req, { action: 'identity.user.unlocked', objectType: 'user', objectId: u.id });
    return show(req, (await c.users.visible(u.id, { sql: 'true', params: [] }))!);
  });
}
