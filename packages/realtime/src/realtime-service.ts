import { serviceKey, type Bus, type Principal } from '@zhicheng/kernel';

/** Who may receive an event: all given conditions must hold. */
export interface Audience {
  /** Function-level permission the receiver must hold (e.g. `alarms:read`). */
  permission?: string;
  /** The object's owning department and division, checked against the receiver's scope. */
  departmentId?: string | null;
  divisionCode?: string | null;
  /** Only these users (personal notifications). */
  userIds?: string[];
}

export interface RealtimeEnvelope {
  topic: string;
  data: unknown;
  audience: Audience;
  at: string;
}

export interface RealtimeService {
  /** Sends an event to every connected console allowed to see it, in every API process. */
  publish(topic: string, data: unknown, audience: Audience): Promise<void>;
}

/** Decides object-level visibility; the identity package's authorisation service provides it. */
export type ScopeCheck = (principal: Principal, permission: string, object: { departmentId: string | null; divisionCode: string | null }) => boolean | Promise<boolean>;

export const realtimeServiceKey = serviceKey<RealtimeService>('realtime');
export const realtimeScopeCheckKey = serviceKey<ScopeCheck>('realtime.scopeCheck');

export const BUS_SUBJECT = 'realtime.event.published';
export const TOPIC = /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9_*>-]+)*$/;

/** Publishing goes through the bus so a NATS-backed cluster fans out from every API process. */
export function createRealtimeService(bus: Bus): RealtimeService {
  return {
    async publish(topic, data, audience) {
      if (!TOPIC.test(topic) || topic.includes('*') || topic.includes('>')) throw new Error(`invalid realtime topic ${topic}`);
      await bus.publish<RealtimeEnvelope>(BUS_SUBJECT, { topic, data, audience, at: new Date().toISOString() });
    },
  };
}

/** True when `principal` may receive an event for `audience`. */
export async function audienceAllows(principal: Principal, audience: Audience, scope: ScopeCheck | undefined): Promise<boolean> {
  if (audience.userIds && !audience.userIds.includes(principal.id)) return false;
  if (audience.permission && !principal.can(audience.permission)) return false;
  const scoped = audience.departmentId !== undefined || audience.divisionCode !== undefined;
  if (!scoped) return true;
  // An object with an owner needs a scope decision; without an authorisation service nothing scoped is sent.
  if (!scope || !audience.permission) return false;
  return scope(principal, audience.permission, { departmentId: audience.departmentId ?? null, divisionCode: audience.divisionCode ?? null });
}
