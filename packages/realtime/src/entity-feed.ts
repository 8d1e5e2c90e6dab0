import type { Bus } from '@zhicheng/kernel';
import type { RealtimeService } from './realtime-service.js';

/** The data hub's bus contract (packages/context-broker README): one payload per changed entity. */
interface EntityUpdated {
  entityId: string;
  entityType: string;
  departmentId: string | null;
  divisionCode: string | null;
  location: [number, number] | null;
  observedAt: string;
  attributes: Record<string, unknown>;
}

const WINDOW_MS = 1000;

/**
 * Feeds entity changes to consoles as `entities.<type, lower case>`: changes to one entity
 * within a second are merged into one event, so a map of thousands of stations stays smooth
 * while the store takes every reading. Only readers with `entities:read` in scope receive it.
 */
export function startEntityFeed(bus: Bus, realtime: RealtimeService, onError: (err: unknown) => void): () => Promise<void> {
  const pending = new Map<string, EntityUpdated>();
  const take = (e: EntityUpdated) => {
    const prev = pending.get(e.entityId);
    pending.set(e.entityId, prev ? { ...e, attributes: { ...prev.attributes, ...e.attributes } } : e);
  };
  const offOne = bus.subscribe<EntityUpdated>('datahub.entity.updated', take);
  const offMany = bus.subscribe<EntityUpdated[]>('datahub.entities.updated', (list) => list.forEach(take));
  const flush = async () => {
    const batch = [...pending.values()];
    pending.clear();
    for (const e of batch) {
      const topic = `entities.${e.entityType.replace(/[^A-Za-z0-9_-]/g, '_').toLowerCase()}`;
      await realtime.publish(topic, e, { permission: 'entities:read', departmentId: e.departmentId, divisionCode: e.divisionCode }).catch(onError);
    }
  };
  const timer = setInterval(() => void flush(), WINDOW_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    offOne();
    offMany();
    await flush();
  };
}
