import type { Logger } from 'pino';
import { DEFAULT_PRINCIPAL_KINDS } from './auth.js';
import { createAuthChain } from './auth-chain.js';
import { createSecretBox, loadSecretKey } from './crypto/secret-box.js';
import { StartupError } from './errors.js';
import { createMemoryBus } from './bus/memory-bus.js';
import { createNatsBus } from './bus/nats-bus.js';
import type { Bus } from './bus/types.js';
import { rolesOf } from './config/load-config.js';
import type { Config } from './config/schema.js';
import { pendingMigrations, runMigrations } from './db/migrations.js';
import { openDb } from './db/open-db.js';
import type { Db } from './db/types.js';
import { createHttp, type HttpApp } from './http/create-http.js';
import { registerHealthRoutes } from './http/health-routes.js';
import { createLogger } from './logging.js';
import { createMetrics } from './metrics.js';
import type { ModuleContext, ModuleManifest } from './module.js';
import { createEmbeddedBroker } from './mqtt/embedded-broker.js';
import { connectExternalBroker } from './mqtt/external-client.js';
import type { MqttHandle } from './mqtt/types.js';
import { ServiceRegistry } from './services.js';

export interface PlatformOptions {
  config: Config;
  modules: ModuleManifest[];
  version: string;
  log?: Logger;
  /** A database opened by the caller (tests); it is closed with the platform unless `keepDb`. */
  db?: Db;
  keepDb?: boolean;
  /** false = no MQTT at all (API-only tests). Default: by role. */
  mqtt?: boolean;
  /** Listen on PORT (default true); tests use `app.inject` instead. */
  listen?: boolean;
}

export interface Platform {
  ctx: ModuleContext;
  app: HttpApp;
  /** Base URL when listening. */
  url: string | null;
  /** Stops accepting, lets requests in flight finish, stops modules, flushes the bus, closes the database. */
  close(): Promise<void>;
}

/**
 * Boots the platform: database → migrations → bus → broker → modules' init → broker listens
 * → modules' routes, seed, start → HTTP. Any failure closes what was opened and rethrows.
 */
export async function bootPlatform(opts: PlatformOptions): Promise<Platform> {
  const { config, modules } = opts;
  const log = opts.log ?? createLogger(config);
  const roles = rolesOf(config);
  const state: { db?: Db; bus?: Bus; mqtt?: MqttHandle | null; app?: HttpApp; started: ModuleManifest[]; ctx?: ModuleContext } = { started: [] };

  // Shutdown order: stop accepting (HTTP, then MQTT), let modules flush what they hold,
  // drain the bus, then close the database, so nothing acknowledged is left in memory.
  const step = async (what: string, fn: () => Promise<unknown> | unknown) => {
    try {
      await fn();
    } catch (err) {
      log.error({ err }, `shutdown: ${what} failed`);
    }
  };
  const closeAll = async () => {
    if (state.app) await step('http', () => state.app!.close());
    if (state.mqtt) await step('mqtt', () => state.mqtt!.close());
    for (const m of state.started.reverse()) await step(`module ${m.name}`, () => m.stop?.(state.ctx!));
    if (state.bus) await step('bus', () => state.bus!.close());
    if (state.db && !opts.keepDb) await step('database', () => state.db!.close());
  };

  try {
    const db = (state.db = opts.db ?? (await openDb(config)));
    const all = modules.flatMap((m) => m.migrations ?? []);
    if (config.ZC_MIGRATE === 'on') {
      const applied = await runMigrations(db, all);
      if (applied.length) log.info({ migrations: applied.map((m) => `${m.module}/${m.version}_${m.name}`) }, 'migrations applied');
    } else {
      const pending = await pendingMigrations(db, all);
      if (pending.length) {
        throw new StartupError(`${pending.length} database migration(s) are pending (ZC_MIGRATE=off): run \`zhicheng migrate\` as the schema owner first.`);
      }
    }

    const bus = (state.bus = config.NATS_URL ? await createNatsBus(config.NATS_URL, log) : createMemoryBus(log));
    let mqtt: MqttHandle | null = null;
    if (opts.mqtt !== false && roles.has('ingest')) {
      mqtt = state.mqtt = config.MQTT_URL ? await connectExternalBroker(config.MQTT_URL, log) : await createEmbeddedBroker(config.MQTT_PORT, config.HOST, log);
    }

    const auth = createAuthChain();
    const metrics = createMetrics(db);
    const ctx: ModuleContext = (state.ctx = {
      config, db, bus, mqtt, log, metrics, services: new ServiceRegistry(), secrets: createSecretBox(loadSecretKey(config)),
      addAuthenticator: (link) => auth.add(link),
      setAuthenticator: (a) => auth.add({ name: 'default', claims: () => true, authenticate: a, fallback: true }),
      async authenticate(req, o) {
        const { principal } = await auth.resolve(req);
        return principal && (o?.principals ?? DEFAULT_PRINCIPAL_KINDS).includes(principal.kind) ? principal : null;
      },
      demo: config.ZC_DEMO === 'on',
    });

    for (const m of modules) await m.init?.(ctx);
    // Devices may connect only once the modules have installed their hooks (authentication, ACL).
    await mqtt?.listen();
    if (auth.names().length) log.debug({ chain: auth.names() }, 'authenticators installed');
    const app = (state.app = await createHttp({ config, log, metrics, version: opts.version, auth }));
    registerHealthRoutes(app, ctx, opts.version);
    if (roles.has('api')) for (const m of modules) await m.routes?.(app, ctx);
    for (const m of modules) await m.seed?.(ctx, { demo: ctx.demo });
    for (const m of modules) {
      await m.start?.(ctx);
      state.started.push(m);
    }
    await app.ready();

    let url: string | null = null;
    if (opts.listen !== false) {
      try {
        url = await app.listen({ port: config.PORT, host: config.HOST });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new StartupError(`HTTP port ${config.PORT} is already in use; choose another with PORT=<port>.`);
        }
        throw err;
      }
    }

    let closing: Promise<void> | null = null;
    return { ctx, app, url, close: () => (closing ??= closeAll()) };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
