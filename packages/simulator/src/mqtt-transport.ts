import mqtt, { type MqttClient } from 'mqtt';
import type { DeviceKind, SimDevice } from './fleet-types.js';
import { createHttpTransport, type HttpTransportOptions } from './http-transport.js';
import type { Reading } from './readings.js';
import type { SimTransport } from './transport.js';
import { vendorPayload } from './vendor-payloads.js';

export interface MqttTransportOptions extends HttpTransportOptions {
  /** The platform's MQTT broker, e.g. mqtt://localhost:1883. */
  mqttUrl: string;
}

/** Connects one simulated device the way a real one connects: its id and token, QoS 1 will "offline" on its status topic. */
export function connectSimDevice(mqttUrl: string, id: string, token: string | undefined, opts: { reconnectPeriod?: number; keepalive?: number } = {}): Promise<MqttClient> {
  return mqtt.connectAsync(mqttUrl, {
    username: id, password: token, clientId: `zc-sim-${id}`, reconnectPeriod: opts.reconnectPeriod ?? 2000, connectTimeout: 10_000,
    ...(opts.keepalive ? { keepalive: opts.keepalive } : {}),
    will: { topic: `zc/v1/devices/${id}/status`, payload: Buffer.from('offline'), qos: 1, retain: false },
  });
}

/** A reading as the device publishes it: its vendor payload on its telemetry topic. */
export function telemetryMessage(r: Reading): { topic: string; payload: string } {
  const payload = vendorPayload(r.deviceId.split('-')[1] as DeviceKind, r);
  return { topic: `zc/v1/devices/${r.deviceId}/telemetry`, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) };
}

/**
 * Devices that speak MQTT like real ones: each connects with its own id and token, publishes
 * QoS 1 to `zc/v1/devices/{id}/telemetry`, and sets `…/status` "offline" as its will.
 * Registration and static attributes go through the HTTP APIs; a device created by this run
 * gets its token from the provisioning answer, one that existed already by rotating its
 * credentials (a token is shown only once).
 */
export function createMqttTransport(o: MqttTransportOptions): SimTransport {
  const http = createHttpTransport(o);
  const f = o.fetch ?? fetch;
  const base = o.url.replace(/\/$/, '');
  const tokens = new Map<string, string>();
  const clients = new Map<string, Promise<MqttClient>>();

  const connect = (id: string) => {
    let c = clients.get(id);
    if (!c) {
      c = connectSimDevice(o.mqttUrl, id, tokens.get(id));
      clients.set(id, c);
      c.catch(() => clients.delete(id));
    }
    return c;
  };
  const rotate = async (id: string) => {
    const r = await f(`${base}/api/v1/devices/${encodeURIComponent(id)}/credentials`, { method: 'POST', headers: { 'x-api-key': o.apiKey } });
    if (r.status !== 200) throw new Error(`rotating ${id}'s credentials answered ${r.status}`);
    tokens.set(id, ((await r.json()) as { credentials: { mqttPassword: string } }).credentials.mqttPassword);
  };

  return {
    async provision(devices: SimDevice[], onProgress) {
      const result = await http.provision(devices, onProgress);
      for (const [id, token] of result.tokens) tokens.set(id, token);
      const rest = devices.filter((d) => !tokens.has(d.id) && !result.failedIds.has(d.id));
      for (let i = 0; i < rest.length; i += 8) await Promise.all(rest.slice(i, i + 8).map((d) => rotate(d.id)));
      return result;
    },
    async send(readings) {
      let accepted = 0;
      let rejected = 0;
      await Promise.all(readings.map(async (r) => {
        try {
          const client = await connect(r.deviceId);
          const m = telemetryMessage(r);
          // QoS 1: resolves on the broker's PUBACK, which the platform sends only after the durable write.
          await client.publishAsync(m.topic, m.payload, { qos: 1 });
          accepted++;
        } catch {
          rejected++;
        }
      }));
      return { accepted, rejected };
    },
    async close() {
      await Promise.all([...clients.values()].map((c) => c.then((x) => x.endAsync()).catch(() => {})));
      clients.clear();
    },
  };
}
