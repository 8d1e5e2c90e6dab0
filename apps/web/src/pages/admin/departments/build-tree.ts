import type { Department, DepartmentNode } from '../../../api/admin-types';

/** Nests a flat list by parentId (as the server's buildTree does), disabled departments included. */
export function buildTree(all: readonly Department[]): DepartmentNode[] {
  const nodes = new Map(all.map((d) => [d.id, { ...d, children: [] as DepartmentNode[] }]));
  const roots: DepartmentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: DepartmentNode[]) => {
    // Governments first (the county governments under the prefecture's), then by division and name.
    list.sort((a, b) => Number(b.kind === 'government') - Number(a.kind === 'government') || a.divisionCode.localeCompare(b.divisionCode) || a.name.localeCompare(b.name, 'zh-CN'));
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}
