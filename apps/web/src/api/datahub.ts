import { apiFetch } from './client';

/** One entity of `GET /api/v1/datahub/entities` (keyValues, short Smart Data Models names). */
export interface DatahubEntity {
  id: string;
  type: string;
  departmentId: string | null;
  divisionCode: string | null;
  modifiedAt: string;
  /** The latest observation time of its attributes; null when none carries one. */
  observedAt: string | null;
  attributes: Record<string, unknown>;
}

export interface DatahubEntityList {
  items: DatahubEntity[];
  total: number;
}

/**
 * The server returns a few attributes outside the Smart Data Models context (name,
 * dataProvider, capacity…) under their expanded default-context IRI: shorten them.
 */
const DEFAULT_CONTEXT_PREFIX = 'ngsi-ld:default-context/';

export function shortAttributes(attributes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) {
    out[key.startsWith(DEFAULT_CONTEXT_PREFIX) ? key.slice(DEFAULT_CONTEXT_PREFIX.length) : key] = value;
  }
  return out;
}

export interface EntityQuery {
  type?: string;
  county?: string;
  /** The owning department. */
  department?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

export async function listEntities(query: EntityQuery, signal?: AbortSignal): Promise<DatahubEntityList> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const list = await apiFetch<DatahubEntityList>(`/api/v1/datahub/entities?${params.toString()}`, { signal });
  return { ...list, items: list.items.map((item) => ({ ...item, attributes: shortAttributes(item.attributes) })) };
}

/** Every entity of a type the user may read, 1000 per request. */
export async function listAllOfType(type: string, signal?: AbortSignal): Promise<DatahubEntity[]> {
  const all: DatahubEntity[] = [];
  for (let offset = 0; offset < 100_000; offset += 1000) {
    const page = await listEntities({ type, limit: 1000, offset }, signal);
    all.push(...page.items);
    if (page.items.length < 1000 || all.length >= page.total) break;
  }
  return all;
}

export function isSimulated(attributes: Record<string, unknown>): boolean {
  return attributes.simulated === true || (typeof attributes.dataProvider === 'string' && attributes.dataProvider.includes('simulat'));
}

/** One entity by id, with short names (the data hub's id search, escaped by the server). */
export async function getEntity(id: string, signal?: AbortSignal): Promise<DatahubEntity | null> {
  const list = await listEntities({ q: id, limit: 5 }, signal);
  return list.items.find((item) => item.id === id) ?? null;
}

/** `GET /api/v1/datahub/entities/:id/history` (server-side LTTB to `points`). */
export interface EntityHistory {
  entityId: string;
  attr: string;
  source: 'raw' | 'rollup';
  total: number;
  points: [string, number][];
}

export function entityHistory(id: string, attr: string, from: Date, to: Date, points = 500, signal?: AbortSignal): Promise<EntityHistory> {
  const params = new URLSearchParams({ attr, from: from.toISOString(), to: to.toISOString(), points: String(points) });
  return apiFetch<EntityHistory>(`/api/v1/datahub/entities/${encodeURIComponent(id)}/history?${params.toString()}`, { signal });
}

/** `GET /api/v1/datahub/stats` (packages/context-broker/src/datahub/stats.ts), the part the console reads. */
export interface DatahubStats {
  entities: { tenant: string; type: string; count: number }[];
}

export function datahubStats(signal?: AbortSignal): Promise<DatahubStats> {
  return apiFetch<DatahubStats>('/api/v1/datahub/stats', { signal });
}
