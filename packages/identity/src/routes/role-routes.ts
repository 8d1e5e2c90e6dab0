import { badRequest, conflict, notFound, type HttpApp } from '@zhicheng/kernel';
import { assertMayAssign, assertRoleChangeKeepsDuties, checkRolePermissions } from '../duties.js';
import type { IdentityContext } from '../identity-context.js';
import { toAssignmentApi } from '../mappers.js';
import { PERMISSIONS } from '../permission-catalogue.js';
import { Assignment, AssignmentCreate, AssignmentList, AssignmentQuery, IdParams, PermissionList, Role, RoleCreate, RoleList, RoleUpdate } from '../schemas.js';
import { newId } from '../tokens.js';
import { audited, principal } from './route-helpers.js';

const locked = () => conflict('ERR_IDENTITY_ROLE_LOCKED', 'Built-in roles cannot be changed; create a custom role instead.');

export function roleRoutes(app: HttpApp, c: IdentityContext) {
  const tags = ['roles'];

  app.get('/api/v1/permissions', {
    schema: { tags, summary: 'The permission catalogue (zh-CN and English)', response: { 200: PermissionList } },
  }, async () => ({ items: PERMISSIONS.map((p) => ({ ...p })) }));

  app.get('/api/v1/roles', {
    config: { permission: 'roles:read' },
    schema: { tags, summary: 'Roles with their permissions', response: { 200: RoleList } },
  }, async () => {
    const items = await c.roles.all();
    return { items, total: items.length };
  });

  app.post('/api/v1/roles', {
    config: { permission: 'roles:manage' },
    schema: { tags, summary: 'Create a custom role', body: RoleCreate, response: { 201: Role } },
  }, async (req, reply) => {
    checkRolePermissions(req.body.permissions);
    if (!(await c.roles.insert(req.body))) throw conflict('ERR_IDENTITY_ROLE_EXISTS', `A role with the id ${req.body.id} exists.`);
    await audited(c, req, { action: 'identity.role.created', objectType: 'role', objectId: req.body.id, detail: { permissions: req.body.permissions } });
    return reply.status(201).send((await c.roles.get(req.body.id))!);
  });

  app.patch('/api/v1/roles/:id', {
    config: { permission: 'roles:manage' },
    schema: { tags, summary: 'Change a custom role', params: IdParams, body: RoleUpdate, response: { 200: Role } },
  }, async (req) => {
    const role = await c.roles.get(req.params.id);
    if (!role) throw notFound('ERR_IDENTITY_ROLE_NOT_FOUND', `No role has the id ${req.params.id}.`);
    if (role.builtin) throw locked();
    if (req.body.permissions) {
      checkRolePermissions(req.body.permissions);
      await assertRoleChangeKeepsDuties(c, role.id, req.body.permissions);
    }
    await c.roles.update(role.id, req.body);
    await audited(c, req, { action: 'identity.role.updated', objectType: 'role', objectId: role.id, detail: { before: role.permissions, after: req.body.permissions ?? role.permissions } });
    return (await c.roles.get(role.id))!;
  });

  app.delete('/api/v1/roles/:id', {
    config: { permission: 'roles:manage' },
    schema: { tags, summary: 'Delete a custom role nobody holds', params: IdParams, response: { 204: { type: 'null' } } },
  }, async (req, reply) => {
    const role = await c.roles.get(req.params.id);
    if (!role) throw notFound('ERR_IDENTITY_ROLE_NOT_FOUND', `No role has the id ${req.params.id}.`);
    if (role.builtin) throw locked();
    if (await c.roles.assignmentCount(role.id)) throw conflict('ERR_IDENTITY_ROLE_IN_USE', 'Remove the role from its holders first.');
    await c.roles.remove(role.id);
    await audited(c, req, { action: 'identity.role.deleted', objectType: 'role', objectId: role.id });
    return reply.status(204).send();
  });

  app.get('/api/v1/role-assignments', {
    config: { permission: 'roles:read' },
    schema: { tags, summary: 'Who holds which role, in which scope', querystring: AssignmentQuery, response: { 200: AssignmentList } },
  }, async (req) => {
    const { items, total } = await c.roles.listAssignments(req.query);
    return { items: items.map(toAssignmentApi), total };
  });

  app.post('/api/v1/role-assignments', {
    config: { permission: 'grants:manage' },
    schema: { tags, summary: 'Give a user a role, optionally within a department and/or division subtree', body: AssignmentCreate, response: { 201: Assignment } },
  }, async (req, reply) => {
    const { userId, roleId } = req.body;
    const departmentScopeId = req.body.departmentScopeId ?? null;
    const divisionScopeCode = req.body.divisionScopeCode ?? null;
    const [user, role] = await Promise.all([c.users.byId(userId), c.roles.get(roleId)]);
    if (!user) throw badRequest('ERR_IDENTITY_USER_NOT_FOUND', `No user has the id ${userId}.`);
    if (!role) throw badRequest('ERR_IDENTITY_ROLE_NOT_FOUND', `No role has the id ${roleId}.`);
    if (departmentScopeId && !(await c.departments.get(departmentScopeId))) throw badRequest('ERR_IDENTITY_DEPARTMENT_NOT_FOUND', `No department has the id ${departmentScopeId}.`);
    try {
      await assertMayAssign(c, principal(req), userId, role.permissions);
    } catch (err) {
      await audited(c, req, { action: 'identity.grant.created', outcome: 'denied', objectType: 'user', objectId: userId, detail: { roleId, reason: (err as { code?: string }).code } });
      throw err;
    }
    if (await c.roles.hasAssignment(userId, roleId, departmentScopeId, divisionScopeCode)) throw conflict('ERR_IDENTITY_ASSIGNMENT_EXISTS', 'The user already holds this role in this scope.');
    const id = newId('asg');
    await c.roles.insertAssignment({ id, userId, roleId, departmentScopeId, divisionScopeCode, source: 'local', createdBy: req.principal?.name ?? null });
    await audited(c, req, { action: 'identity.grant.created', objectType: 'role-assignment', objectId: id, detail: { userId, username: user.username, roleId, departmentScopeId, divisionScopeCode } });
    return reply.status(201).send(toAssignmentApi((await c.roles.getAssignment(id))!));
  });

  app.delete('/api/v1/role-assignments/:id', {
    config: { permission: 'grants:manage' },
    schema: { tags, summary: 'Take a role away', params: IdParams, response: { 204: { type: 'null' } } },
  }, async (req, reply) => {
    const a = await c.roles.getAssignment(req.params.id);
    if (!a) throw notFound('ERR_IDENTITY_ASSIGNMENT_NOT_FOUND', `No role assignment has the id ${req.params.id}.`);
    await c.roles.removeAssignment(a.id);
    await audited(c, req, { action: 'identity.grant.revoked', objectType: 'role-assignment', objectId: a.id, detail: { userId: a.userId, username: a.username, roleId: a.roleId } });
    return reply.status(204).send();
  });
}
