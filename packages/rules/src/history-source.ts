import { serviceKey } from '@zhicheng/kernel';
import type { EntityUpdate } from './types.js';

export interface HistoryQuery {
  entityType: string;
  /** Attributes wanted; empty = all. */
  attributes: string[];
  from: Date;
  to: Date;
  entityIds?: string[];
  /** Stop after this many updates (the caller says it was truncated). */
  limit?: number;
}

export interface EntitySummary {
  entityId: string;
  entityType: string;
  departmentId: string | null;
  divisionCode: string | null;
  location: [number, number] | null;
  /** Latest values of the entity's attributes (static ones such as `targetClass` included). */
  attributes: Record<string, unknown>;
  observedAt: number | null;
}

/**
 * Read access to the city data hub's history and current entities, for what the stream
 * alone cannot give: rule preview over past hours, the tail re-read after a restart, and
 * indicators. The context broker provides it (see context-broker-adapter.ts); tests provide
 * an in-memory double.
 */
export interface HistorySource {
  /** Updates in time order, oldest first. */
  history(q: HistoryQuery): Promise<EntityUpdate[]>;
  entities(q: { entityType: string; attributes?: string[] }): Promise<EntitySummary[]>;
}

export const historySourceKey = serviceKey<HistorySource>('rules.historySource');
