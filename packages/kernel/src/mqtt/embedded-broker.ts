import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import type { Logger } from 'pino';
import { StartupError } from '../errors.js';
import { applyAedesBetaFixes } from './aedes-beta-fixes.js';
import type { MqttHandle } from './types.js';

/**
 * MQTT 5 state a client may ask the broker to keep after it disconnects (its session, and a
 * delayed will, which the session expiry caps): bounded, since aedes holds a timer and the
 * session for each; its documentation asks a broker open to devices to set both limits.
 * MQTT 3.1.1 sessions are not affected.
 */
const SESSION_EXPIRY_LIMIT_S = 24 * 3600;
const PENDING_SESSIONS_LIMIT = 100_000;

/**
 * Creates the embedded broker (aedes 2: MQTT 3.1.1 and 5) without accepting connections yet:
 * the platform lets modules install their hooks (authenticate, authorizePublish,
 * authorizeSubscribe) first and then calls `listen()`, so no client ever meets a broker that
 * has none (aedes' defaults admit everyone). A taken port stops the start with one line that
 * says how to choose another or to use the broker that is already there.
 */
export async function createEmbeddedBroker(port: number, host: string, log: Logger): Promise<MqttHandle> {
  const broker = await Aedes.createBroker({
    id: 'zhicheng-embedded',
    sessionExpiryIntervalLimit: SESSION_EXPIRY_LIMIT_S,
    pendingSessionsLimit: PENDING_SESSIONS_LIMIT,
  });
  const fix = applyAedesBetaFixes(broker);
  const server: Server = createServer((conn) => fix(broker.handle(conn)));
  let actual = 0;
  let listening: Promise<void> | null = null;
  let closed = false;

  const listen = () => new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(new StartupError(
          `MQTT port ${port} is already in use. Choose another with MQTT_PORT=<port> (0 picks a free one), ` +
            `or use the broker that is already there with MQTT_URL=mqtt://localhost:${port}.`,
        ));
      } else if (err.code === 'EACCES') {
        reject(new StartupError(`MQTT port ${port} needs privileges this process does not have; set MQTT_PORT to a port above 1023.`));
      } else reject(err);
    });
    server.listen(port, host, () => {
      actual = (server.address() as AddressInfo).port;
      log.info({ port: actual }, 'embedded MQTT broker listening');
      resolve();
    });
  });

  broker.on('clientError', (client, err) => log.debug({ clientId: client.id, err: err.message }, 'mqtt client error'));
  const handle: MqttHandle = {
    mode: 'embedded',
    get port() {
      return actual;
    },
    embedded: broker,
    status: () => ({ status: closed || !actual ? 'down' : 'ok', mode: 'embedded', port: actual, clients: broker.connectedClients }),
    listen() {
      if (closed) return Promise.reject(new Error('the embedded MQTT broker is closed'));
      return (listening ??= listen());
    },
    async close() {
      if (closed) return;
      closed = true;
      // Stop accepting first; the server's close completes only once every connection has
      // ended, which is what aedes' close does to its clients — so wait for it after that.
      // (Also without a listening socket: the broker's heartbeat timer would keep the process alive.)
      const serverClosed = new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await serverClosed;
    },
  };
  return handle;
}

/** Creates the embedded broker and listens at once (for code that installs no hooks). */
export async function startEmbeddedBroker(port: number, host: string, log: Logger): Promise<MqttHandle> {
  const handle = await createEmbeddedBroker(port, host, log);
  try {
    await handle.listen();
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}
