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

/** `GET /api/v1/datahub/points`: one row per located entity, `[id, lon, lat, divisionCode, ...values of attrs]`. */
export interface DatahubPoints {
  type: string;
  attrs: string[];
  total: number;
  /** More than the server's maximum matched (200,000). */
  truncated: boolean;
  items: [string, number, number, string | null, ...unknown[]][];
}

/** A map point: where an entity is and the few values its legend needs. */
export interface MapPoint {
  id: string;
  lon: number;
  lat: number;
  divisionCode: string | null;
  values: Record<string, unknown>;
}

/** Every located entity of a type the user may read, with the named values, in one request. */
export async function listPoints(type: string, attrs: readonly string[], signal?: AbortSignal): Promise<MapPoint[]> {
  const params = new URLSearchParams({ type });
  if (attrs.length) params.set('attrs', attrs.join(','));
  const answer = await apiFetch<DatahubPoints>(`/api/v1/datahub/points?${params.toString()}`, { signal });
  return answer.items.map(([id, lon, lat, divisionCode, ...values]) => ({
    id, lon, lat, divisionCode,
    // An attribute the entity does not have comes as null: left out, as the full entity leaves it out.
    values: Object.fromEntries(answer.attrs.flatMap((name, i) => (values[i] === null || values[i] === undefined ? [] : [[name, values[i]]]))),
  }));
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
