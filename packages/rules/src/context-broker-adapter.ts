import type { ContextBrokerReader } from '@zhicheng/context-broker';
import type { HistorySource } from './history-source.js';
import type { EntityUpdate } from './types.js';

/**
 * The one place that knows the data hub's event shapes. The context broker publishes, after
 * every committed change, `datahub.entity.updated` with one entity, or
 * `datahub.entities.updated` with `{ items: [...] }` / an array of them.
 */
export const DATAHUB_SUBJECTS = ['datahub.entity.updated', 'datahub.entities.updated'] as const;

export interface DatahubEntityEvent {
  tenant?: string | null;
  entityId: string;
  entityType: string;
  departmentId?: string | null;
  divisionCode?: string | null;
  location?: [number, number] | null;
  observedAt?: string | null;
  attributes?: Record<string, unknown>;
}

function one(e: DatahubEntityEvent, receivedAt: number): EntityUpdate | null {
  if (!e || typeof e.entityId !== 'string' || typeof e.entityType !== 'string') return null;
  const t = e.observedAt ? Date.parse(e.observedAt) : NaN;
  return {
    entityId: e.entityId, entityType: e.entityType, departmentId: e.departmentId ?? null, divisionCode: e.divisionCode ?? null,
    location: Array.isArray(e.location) && e.location.length >= 2 ? [Number(e.location[0]), Number(e.location[1])] : null,
    at: Number.isFinite(t) ? t : receivedAt, attributes: e.attributes ?? {},
  };
}

/** Turns either event form into engine updates; malformed items are dropped. */
export function toEntityUpdates(payload: unknown, receivedAt = Date.now()): EntityUpdate[] {
  const items = Array.isArray(payload) ? payload : (payload as { items?: unknown })?.items && Array.isArray((payload as { items: unknown[] }).items) ? (payload as { items: unknown[] }).items : [payload];
  const out: EntityUpdate[] = [];
  for (const it of items) {
    const u = one(it as DatahubEntityEvent, receivedAt);
    if (u) out.push(u);
  }
  return out;
}

/** `devices.device.offline|online` as the ingestion issue will publish them (entity id of the device's entity). */
export function toDeviceEvent(payload: unknown): { entityId: string; entityType: string | null; at: number | undefined } | null {
  const p = payload as { entityId?: unknown; deviceId?: unknown; entityType?: unknown; at?: unknown; observedAt?: unknown };
  const entityId = typeof p?.entityId === 'string' ? p.entityId : typeof p?.deviceId === 'string' ? p.deviceId : null;
  if (!entityId) return null;
  const when = typeof p.at === 'string' ? Date.parse(p.at) : typeof p.observedAt === 'string' ? Date.parse(p.observedAt) : NaN;
  return { entityId, entityType: typeof p.entityType === 'string' ? p.entityType : null, at: Number.isFinite(when) ? when : undefined };
}

/** The history source of the server: the context broker's reader, in the engine's terms. */
export function historyFromBroker(reader: ContextBrokerReader): HistorySource {
  return {
    history: (q) => reader.history({ entityType: q.entityType, attributes: q.attributes, from: q.from, to: q.to, ...(q.entityIds ? { entityIds: q.entityIds } : {}), ...(q.limit ? { limit: q.limit } : {}) }),
    entities: (q) => reader.entities({ entityType: q.entityType }),
  };
}
