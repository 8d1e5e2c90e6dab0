import type { FastifyRequest } from 'fastify';

/**
 * Who is calling. Authenticators (identity's, devices') build principals; the kernel only
 * needs to know whether one exists, what kind it is and whether it holds a permission, so
 * every route is closed by default.
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

export type PrincipalKind = Principal['kind'];

/** The principal kinds a route admits unless it says otherwise: people and machine clients, not devices. */
export const DEFAULT_PRINCIPAL_KINDS: readonly PrincipalKind[] = ['user', 'apiKey'];

/** Turns a request's credentials into a principal; null = the credentials are not valid. */
export type Authenticator = (req: FastifyRequest) => Promise<Principal | null>;

/**
 * One link of the kernel's authentication chain. Links are asked in order whether they
 * claim the request's credentials (cheap and synchronous: a header, a prefix); the first
 * that claims decides alone. A claimed credential that is not valid gives no principal (401
 * on closed routes) and is never offered to the next link.
 *
 * @example
 *   ctx.addAuthenticator({ name: 'devices', claims: (req) => /^Bearer zcd_/i.test(req.headers.authorization ?? ''), authenticate: byDeviceToken });
 */
export interface AuthenticatorLink {
  /** Unique; logs and errors name it. */
  name: string;
  /** True when these credentials are this link's to judge (it may still find them invalid). */
  claims(req: FastifyRequest): boolean;
  authenticate: Authenticator;
  /**
   * Asked only after every other link has passed: for credentials without a recognisable
   * shape (identity's API keys, whose bootstrap key is any string). Fallbacks keep their
   * registration order among themselves.
   */
  fallback?: boolean;
}

/** The token of `Authorization: Bearer <token>` (null when the header is absent or of another scheme). */
export function bearerToken(req: FastifyRequest): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m ? m[1]! : null;
}

/** Route options understood by the kernel's access hook (put them in `config`). */
export interface RouteAccess {
  /** Open to anyone: health, login, public catalogue pages. */
  public?: boolean;
  /** Function-level permission required (e.g. `alarms:ack`). */
  permission?: string;
  /**
   * Principal kinds admitted (default: user and apiKey). A principal of another kind is
   * refused with 403 on a closed route, and is no principal at all on a public one.
   */
  principals?: readonly PrincipalKind[];
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  // Declaration merging: route `config` gains the access fields.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface FastifyContextConfig extends RouteAccess {}
}
