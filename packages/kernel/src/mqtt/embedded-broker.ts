import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import type { Logger } from 'pino';
import { StartupError } from '../errors.js';
import type { MqttHandle } from './types.js';

/**
 * Starts the embedded broker (aedes) on `port`. A taken port stops the start with one line
 * that says how to choose another or to use the broker that is already there.
 */
export async function startEmbeddedBroker(port: number, host: string, log: Logger): Promise<MqttHandle> {
  const broker = await Aedes.createBroker({ id: 'zhicheng-embedded' });
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    // Without a listening socket the broker's heartbeat timer would keep the process alive.
    const rejectAndClose = (err: Error) => broker.close(() => reject(err));
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        rejectAndClose(new StartupError(
          `MQTT port ${port} is already in use. Choose another with MQTT_PORT=<port> (0 picks a free one), ` +
            `or use the broker that is already there with MQTT_URL=mqtt://localhost:${port}.`,
        ));
      } else if (err.code === 'EACCES') {
        rejectAndClose(new StartupError(`MQTT port ${port} needs privileges this process does not have; set MQTT_PORT to a port above 1023.`));
      } else rejectAndClose(err);
    });
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  broker.on('clientError', (client, err) => log.debug({ clientId: client.id, err: err.message }, 'mqtt client error'));
  log.info({ port: actual }, 'embedded MQTT broker listening');
  let closed = false;
  return {
    mode: 'embedded',
    port: actual,
    embedded: broker,
    status: () => ({ status: closed ? 'down' : 'ok', mode: 'embedded', port: actual, clients: broker.connectedClients }),
    async close() {
      if (closed) return;
      closed = true;
      // Stop accepting first; the server's close completes only once every connection has
      // ended, which is what aedes' close does to its clients — so wait for it after that.
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await serverClosed;
    },
  };
}
