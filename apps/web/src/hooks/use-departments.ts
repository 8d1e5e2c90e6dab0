import { useMemo } from 'react';
import type { DepartmentNode } from '../api/admin-types';
import { fetchDepartmentTree } from '../api/departments';
import { useApi } from './use-api';

export interface FlatDepartment {
  node: DepartmentNode;
  depth: number;
}

/** Depth-first, children in the server's order: the order a tree picker lists them. */
export function flattenTree(nodes: readonly DepartmentNode[], depth = 0, out: FlatDepartment[] = []): FlatDepartment[] {
  for (const node of nodes) {
    out.push({ node, depth });
    flattenTree(node.children, depth + 1, out);
  }
  return out;
}

/** The active department tree, flattened for pickers, with a lookup of names by id. */
export function useDepartments() {
  const state = useApi((signal) => fetchDepartmentTree(signal), 'tree');
  const flat = useMemo(() => flattenTree(state.data ?? []), [state.data]);
  const names = useMemo(() => new Map(flat.map(({ node }) => [node.id, node.name])), [flat]);
  return { ...state, flat, names };
}
