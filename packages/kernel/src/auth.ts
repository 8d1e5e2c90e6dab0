import type { FastifyRequest } from 'fastify';

/**
 * Who is calling. The identity package builds principals; the kernel only needs to know
 * whether one exists and whether it holds a permission, so every route is closed by default.
 */
export interface Principal {
  kind: 'user' | 'apiKey' | 'device';
  id: string;
  /** Username, key name or device id: what the audit log and logs show. */
  name: string;
  departmentId: string | null;
  sessionId?: string;
  /** True when the principal holds `permission` anywhere (object scope is checked by the service). */
  can(permission: string): boolean;
}

export type Authenticator = (req: FastifyRequest) => Promise<Principal | null>;

/** Route options understood by the kernel's access hook (put them in `config`). */
export interface RouteAccess {
  /** Open to anyone: health, login, public catalogue pages. */
  public?: boolean;
  /** Function-level permission required (e.g. `alarms:ack`). */
  permission?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  // Declaration merging: route `config` gains the access fields.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface FastifyContextConfig extends RouteAccess {}
}
