import { badRequest, conflict, notFound, type HttpApp } from '@zhicheng/kernel';
import type { Department as DepartmentRecord } from '../departments-repository.js';
import type { IdentityContext } from '../identity-context.js';
import {
  Department, DepartmentCreate, DepartmentList, DepartmentQuery, DepartmentTree, DepartmentUpdate, IdParams, TREE_DEPTH, type DepartmentNode,
} from '../schemas.js';
import { newId } from '../tokens.js';
import { audited } from './route-helpers.js';

async function divisionKnown(c: IdentityContext, code: string): Promise<boolean> {
  try {
    return (await c.db.query('select 1 from geo.divisions where code = $1', [code])).length > 0;
  } catch {
    return true; // without the geo module there is no list to check against
  }
}

export function buildTree(all: DepartmentRecord[]): DepartmentNode[] {
  const nodes = new Map(all.map((d) => [d.id, { ...d, children: [] as DepartmentNode[] }]));
  const roots: DepartmentNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId ? nodes.get(n.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  return roots;
}

export function departmentRoutes(app: HttpApp, c: IdentityContext) {
  const tags = ['departments'];

  app.get('/api/v1/departments', {
    config: { permission: 'departments:read' },
    schema: { tags, summary: 'List departments (filter by subtree, division, name)', querystring: DepartmentQuery, response: { 200: DepartmentList } },
  }, async (req) => {
    const { division, ...rest } = req.query;
    const divisionCodes = division ? (await c.subtrees.ready()).divisions(division) : undefined;
    return c.departments.list({ ...rest, divisionCodes }, { sql: 'true', params: [] });
  });

  app.get('/api/v1/departments/tree', {
    config: { permission: 'departments:read' },
    schema: { tags, summary: 'The whole department tree', response: { 200: DepartmentTree } },
  }, async () => ({ items: buildTree((await c.departments.all()).filter((d) => !d.disabled)) }));

  app.get('/api/v1/departments/:id', {
    config: { permission: 'departments:read' },
    schema: { tags, summary: 'One department', params: IdParams, response: { 200: Department } },
  }, async (req) => {
    const d = await c.departments.get(req.params.id);
    if (!d) throw notFound('ERR_IDENTITY_DEPARTMENT_NOT_FOUND', `No department has the id ${req.params.id}.`);
    return d;
  });

  app.post('/api/v1/departments', {
    config: { permission: 'departments:manage' },
    schema: { tags, summary: 'Create a department', body: DepartmentCreate, response: { 201: Department } },
  }, async (req, reply) => {
    const parent = req.body.parentId ? await c.departments.get(req.body.parentId) : null;
    if (req.body.parentId && (!parent || parent.disabled)) throw badRequest('ERR_IDENTITY_DEPARTMENT_NOT_FOUND', `No active department has the id ${req.body.parentId}.`);
    if (parent && parent.path.length >= TREE_DEPTH) throw badRequest('ERR_IDENTITY_DEPARTMENT_TOO_DEEP', `Departments nest ${TREE_DEPTH} levels deep at most.`);
    if (!(await divisionKnown(c, req.body.divisionCode))) throw badRequest('ERR_IDENTITY_UNKNOWN_DIVISION', `No division has the code ${req.body.divisionCode}.`);
    const id = newId('dept');
    const inserted = await c.departments.insert({ id, name: req.body.name, kind: req.body.kind, parentId: parent?.id ?? null, divisionCode: req.body.divisionCode }, parent?.path ?? null);
    if (!inserted) throw conflict('ERR_IDENTITY_DEPARTMENT_EXISTS', `A department named ${req.body.name} already exists there.`);
    c.subtrees.invalidateDepartments();
    await audited(c, req, { action: 'identity.department.created', objectType: 'department', objectId: id, detail: { name: req.body.name, parentId: parent?.id ?? null, divisionCode: req.body.divisionCode } });
    return reply.status(201).send((await c.departments.get(id))!);
  });

  app.patch('/api/v1/departments/:id', {
    config: { permission: 'departments:manage' },
    schema: { tags, summary: 'Rename or re-place a department', params: IdParams, body: DepartmentUpdate, response: { 200: Department } },
  }, async (req) => {
    if (req.body.divisionCode && !(await divisionKnown(c, req.body.divisionCode))) throw badRequest('ERR_IDENTITY_UNKNOWN_DIVISION', `No division has the code ${req.body.divisionCode}.`);
    const d = await c.departments.update(req.params.id, req.body);
    if (!d) throw notFound('ERR_IDENTITY_DEPARTMENT_NOT_FOUND', `No department has the id ${req.params.id}.`);
    await audited(c, req, { action: 'identity.department.updated', objectType: 'department', objectId: d.id, detail: { ...req.body } });
    return d;
  });

  for (const [verb, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(`/api/v1/departments/:id/${verb}`, {
      config: { permission: 'departments:manage' },
      schema: { tags, summary: `${verb === 'disable' ? 'Disable' : 'Enable'} a department`, params: IdParams, response: { 200: Department } },
    }, async (req) => {
      if (disabled && (await c.departments.activeChildren(req.params.id)) > 0) {
        throw conflict('ERR_IDENTITY_DEPARTMENT_HAS_CHILDREN', 'Disable the departments under it first.');
      }
      const d = await c.departments.update(req.params.id, { disabled });
      if (!d) throw notFound('ERR_IDENTITY_DEPARTMENT_NOT_FOUND', `No department has the id ${req.params.id}.`);
      await audited(c, req, { action: `identity.department.${verb}d`, objectType: 'department', objectId: d.id });
      return d;
    });
  }
}
