import mqtt from 'mqtt';
import type { Logger } from 'pino';
import { StartupError } from '../errors.js';
import type { MqttHandle } from './types.js';

/** Connects to an external broker (MQTT 5, so ingestion can use shared subscriptions). */
export async function connectExternalBroker(url: string, log: Logger): Promise<MqttHandle> {
  const client = mqtt.connect(url, {
    protocolVersion: 5,
    clientId: `zhicheng-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    clean: true,
  });
  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error) => {
      client.end(true);
      reject(new StartupError(`Cannot reach the MQTT broker at ${redact(url)} (MQTT_URL): ${err.message}`));
    };
    const timer = setTimeout(() => fail(new Error('no answer in 10 s')), 10_000);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    client.once('error', (err) => {
      clearTimeout(timer);
      fail(err);
    });
  });
  client.on('error', (err) => log.warn({ err: err.message }, 'mqtt client error'));
  client.on('offline', () => log.warn('external MQTT broker unreachable; reconnecting'));
  return {
    mode: 'external',
    port: 0,
    client,
    status: () => ({ status: client.connected ? 'ok' : 'down', mode: 'external', url: redact(url) }),
    listen: async () => {},
    async close() {
      await client.endAsync();
    },
  };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
