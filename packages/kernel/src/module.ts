import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Authenticator, AuthenticatorLink, Principal, PrincipalKind } from './auth.js';
import type { SecretBox } from './crypto/secret-box.js';
import type { Bus } from './bus/types.js';
import type { Config } from './config/schema.js';
import type { Migration } from './db/migrations.js';
import type { Db } from './db/types.js';
import type { HttpApp } from './http/create-http.js';
import type { Metrics } from './metrics.js';
import type { MqttHandle } from './mqtt/types.js';
import type { ServiceRegistry } from './services.js';

/** What a module is given: the platform's engines, all opened and configured by the kernel. */
export interface ModuleContext {
  config: Config;
  db: Db;
  bus: Bus;
  /** null in processes that do not run MQTT (roles without ingest). */
  mqtt: MqttHandle | null;
  log: Logger;
  metrics: Metrics;
  services: ServiceRegistry;
  /** Encrypts secrets at rest (AES-256-GCM). */
  secrets: SecretBox;
  /**
   * Adds a link to the authentication chain (identity: sessions and API keys; devices:
   * device tokens). The first link that claims a request's credentials decides.
   */
  addAuthenticator(link: AuthenticatorLink): void;
  /** Shorthand for a fallback link that claims every request (test doubles). */
  setAuthenticator(auth: Authenticator): void;
  /**
   * Runs the chain for a request that is not an HTTP route of ours (the console's WebSocket).
   * Null when nobody claims the credentials, they are not valid, or the principal is not of
   * an admitted kind (default: user and apiKey, as on routes).
   */
  authenticate(req: FastifyRequest, opts?: { principals?: readonly PrincipalKind[] }): Promise<Principal | null>;
  /** True when the demo prefecture is on (ZC_DEMO=on). */
  demo: boolean;
}

export interface SeedOptions {
  demo: boolean;
}

/**
 * A module (platform package or solution pack) is one manifest: its migrations, routes and
 * lifecycle. The server lists manifests explicitly; removing one from the list removes it.
 *
 * @example
 *   export default defineModule({ name: 'geo', migrations: readMigrations('geo', new URL('../migrations/', import.meta.url)), routes });
 */
export interface ModuleManifest {
  /** Also the name of the PostgreSQL schema the module owns. */
  name: string;
  migrations?: Migration[];
  /** Called once after migrations, before routes: provide services, install hooks. */
  init?(ctx: ModuleContext): void | Promise<void>;
  routes?(app: HttpApp, ctx: ModuleContext): void | Promise<void>;
  /** Reference and demo data; must be idempotent (runs at every start). */
  seed?(ctx: ModuleContext, opts: SeedOptions): void | Promise<void>;
  /** Background work (consumers, schedules) once the platform is up. */
  start?(ctx: ModuleContext): void | Promise<void>;
  /** Flush and stop; called in reverse order of the list. */
  stop?(ctx: ModuleContext): void | Promise<void>;
}

export const defineModule = (m: ModuleManifest): ModuleManifest => m;
