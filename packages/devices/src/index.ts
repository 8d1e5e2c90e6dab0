import { defineModule, readMigrations, rolesOf, StartupError, type ModuleContext } from '@zhicheng/kernel';
import { brokerSyncServiceKey, createBrokerSync, NO_BROKER_CREDENTIALS, type BrokerCredentials, type BrokerSync } from './broker-sync/credential-sync.js';
import { createDynsecClient } from './broker-sync/dynsec-client.js';
import type { NatsConnection } from 'nats';
import { createConnectivity, type Connectivity } from './connectivity/connectivity.js';
import { createDeadLettersRepository } from './ingest/dead-letters-repository.js';
import type { BatchWriter } from './ingest/batch-writer.js';
import { createIngestService, ingestServiceKey, type IngestService } from './ingest/ingest-service.js';
import { createJetStreamHandoff, ensureStream, streamNames } from './scaleout/jetstream-handoff.js';
import { startJetStreamWriter } from './scaleout/jetstream-writer.js';
import { createProfilesRepository } from './profiles/profiles-repository.js';
import { createDeviceAuthenticator } from './registry/device-authenticator.js';
import { createDeviceDirectory, type DeviceDirectory } from './registry/device-directory.js';
import { createDeviceBatch } from './registry/device-batch.js';
import { createDeviceService, type DeviceService } from './registry/device-service.js';
import { createDevicesRepository } from './registry/devices-repository.js';
import { createImportJobs } from './provisioning/import-jobs.js';
import { createProvisioningKeysRepository } from './provisioning/provisioning-keys-repository.js';
import { createProvisioningService, type ProvisioningService } from './provisioning/provisioning-service.js';
import { deadLetterRoutes } from './routes/dead-letter-routes.js';
import { importRoutes } from './routes/import-routes.js';
import { deviceRoutes } from './routes/device-routes.js';
import { profileRoutes } from './routes/profile-routes.js';
import { provisioningRoutes } from './routes/provisioning-routes.js';
import { telemetryRoutes } from './routes/telemetry-routes.js';
import { installEmbeddedHooks } from './transports/embedded-mqtt.js';
import { startExternalIngest } from './transports/external-mqtt.js';

export { DEVICE_ONLINE, DEVICE_OFFLINE, type DeviceStatusEvent } from './connectivity/connectivity.js';
export { ingestServiceKey, type IngestService } from './ingest/ingest-service.js';
export { DevicePrincipal } from './registry/device-authenticator.js';
export { brokerSyncServiceKey, type BrokerSyncService } from './broker-sync/credential-sync.js';
export { BUILTIN_PROFILES } from './profiles/builtin-profiles.js';
export { parseTopic, telemetryTopic } from './transports/topics.js';
export * as deviceSchemas from './schemas.js';

interface State {
  dir: DeviceDirectory;
  provisioning: ProvisioningService;
  broker: BrokerCredentials;
  sync: BrokerSync | null;
  ingest: IngestService & { writer: BatchWriter };
  streamed: boolean;
  connectivity: Connectivity;
  devices: DeviceService;
  kick(id: string): void;
  stops: (() => Promise<void> | void)[];
}

/**
 * ZC_MQTT_DYNSEC=on: device logins and ACL roles are pushed to the external Mosquitto's
 * dynamic-security plugin through an outbox. Every process records changes; those connected
 * to the broker (role ingest) deliver them.
 */
function createBrokerSyncOf(ctx: ModuleContext): BrokerSync | null {
  if (ctx.config.ZC_MQTT_DYNSEC !== 'on') return null;
  if (!ctx.config.MQTT_URL) throw new StartupError('ZC_MQTT_DYNSEC=on needs MQTT_URL: the dynamic-security plugin is a Mosquitto feature, the embedded broker checks devices itself.');
  const sync = createBrokerSync({
    db: ctx.db, secrets: ctx.secrets, log: ctx.log, metrics: ctx.metrics,
    dynsec: ctx.mqtt?.client ? createDynsecClient(ctx.mqtt.client, ctx.log) : null,
  });
  ctx.services.provide(brokerSyncServiceKey, sync.service);
  return sync;
}

/** The NATS connection of the bus in scale-out mode (null with the in-process bus). */
const natsOf = (ctx: ModuleContext): NatsConnection | null => (ctx.bus as { connection?: () => NatsConnection }).connection?.() ?? null;

// One state per platform (tests boot several platforms in one process).
const states = new WeakMap<ModuleContext, State>();

/**
 * Device access (schema `devices`): registry, profiles (JSONata mappings), credentials,
 * MQTT (embedded broker hooks or an external broker's shared subscription) and HTTP
 * telemetry, dead letters, online/offline state. After identity and the context broker.
 */
export default defineModule({
  name: 'devices',
  migrations: readMigrations('devices', new URL('../migrations/', import.meta.url)),
  async init(ctx) {
    const db = ctx.db;
    const dir = createDeviceDirectory(db);
    const connectivity = createConnectivity({ db, bus: ctx.bus, dir, log: ctx.log });
    const nc = natsOf(ctx);
    const useStream = !!nc && ctx.config.ZC_INGEST_HANDOFF === 'auto';
    const names = streamNames(ctx.config.ZC_INGEST_STREAM);
    if (useStream) await ensureStream(nc, names, ctx.config.ZC_INGEST_STREAM_REPLICAS);
    const handoff = useStream ? createJetStreamHandoff(nc.jetstream(), names, ctx.log, { maxQueued: ctx.config.ZC_INGEST_MAX_QUEUED, maxBatch: ctx.config.ZC_INGEST_BATCH }) : undefined;
    const ingest = createIngestService(ctx, dir, createDeadLettersRepository(db), connectivity, handoff);
    ctx.services.provide(ingestServiceKey, ingest);
    const sync = createBrokerSyncOf(ctx);
    const credentials = sync?.credentials ?? NO_BROKER_CREDENTIALS;
    const provisioning = createProvisioningService(ctx, createProvisioningKeysRepository(db), createDevicesRepository(db), createProfilesRepository(db), dir, credentials);
    let kick = (_id: string) => {};
    const broker = ctx.mqtt?.embedded;
    // Installed before the broker listens (the kernel starts it after every module's init).
    if (broker) kick = installEmbeddedHooks(broker, { dir, ingest, connectivity, log: ctx.log, provision: (input, src) => provisioning.provision(input, src) }).kick;
    ctx.addAuthenticator(createDeviceAuthenticator(dir));
    const devices = createDeviceService(ctx, createDevicesRepository(db), createProfilesRepository(db), dir, (id) => kick(id), credentials);
    states.set(ctx, { dir, provisioning, broker: credentials, sync, ingest, streamed: useStream, connectivity, devices, kick, stops: [] });
  },
  routes(app, ctx) {
    const s = states.get(ctx)!;
    const profiles = createProfilesRepository(ctx.db);
    const repo = createDevicesRepository(ctx.db);
    deviceRoutes(app, ctx, repo, s.devices, createDeviceBatch(ctx, repo, profiles, s.dir, s.broker));
    profileRoutes(app, ctx, profiles, s.dir);
    telemetryRoutes(app, ctx, s.dir, s.ingest);
    deadLetterRoutes(app, ctx, createDeadLettersRepository(ctx.db), s.ingest);
    importRoutes(app, ctx, createImportJobs(ctx.db, s.devices, ctx.log));
    provisioningRoutes(app, ctx, createProvisioningKeysRepository(ctx.db), s.provisioning);
  },
  async seed(ctx) {
    await createProfilesRepository(ctx.db).seedBuiltins();
  },
  async start(ctx) {
    const s = states.get(ctx)!;
    s.connectivity.start();
    if (s.sync) {
      s.sync.start();
      s.stops.push(() => s.sync!.stop());
    }
    // Writer processes (role worker) drain the JetStream hand-off into the database.
    const nc = natsOf(ctx);
    if (s.streamed && nc && rolesOf(ctx.config).has('worker')) s.stops.push(await startJetStreamWriter(nc, streamNames(ctx.config.ZC_INGEST_STREAM), s.ingest.writer, ctx.log));
    if (ctx.mqtt?.client) s.stops.push(await startExternalIngest(ctx.mqtt.client, { ingest: s.ingest, connectivity: s.connectivity, group: ctx.config.ZC_INGEST_SHARED_GROUP, log: ctx.log }));
  },
  async stop(ctx) {
    const s = states.get(ctx);
    if (!s) return;
    for (const stop of s.stops) await stop();
    await s.ingest.close();
    await s.connectivity.stop();
  },
});
