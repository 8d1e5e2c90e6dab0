import mqtt, { type MqttClient } from 'mqtt';
import type { DeviceKind, SimDevice } from './fleet-types.js';
import { createHttpTransport, type HttpTransportOptions } from './http-transport.js';
import type { SimTransport } from './transport.js';
import { vendorPayload } from './vendor-payloads.js';

export interface MqttTransportOptions extends HttpTransportOptions {
  /** The platform's MQTT broker, e.g. mqtt://localhost:1883. */
  mqttUrl: string;
}

/**
 * Devices that speak MQTT like real ones: each connects with its own id and token (taken by
 * rotating its credentials at provisioning: a token is shown only once), publishes QoS 1 to
 * `zc/v1/devices/{id}/telemetry`, and sets `…/status` "offline" as its will. Registration and
 * static attributes still go through the HTTP APIs.
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
      c = mqtt.connectAsync(o.mqttUrl, {
        username: id, password: tokens.get(id), clientId: `zc-sim-${id}`, reconnectPeriod: 2000, connectTimeout: 10_000,
        will: { topic: `zc/v1/devices/${id}/status`, payload: Buffer.from('offline'), qos: 1, retain: false },
      });
      clients.set(id, c);
      c.catch(() => clients.delete(id));
    }
    return c;
  };

  return {
    async provision(devices: SimDevice[]) {
      await http.provision(devices);
      for (const d of devices) {
        const r = await f(`${base}/api/v1/devices/${encodeURIComponent(d.id)}/credentials`, { method: 'POST', headers: { 'x-api-key': o.apiKey } });
        if (r.status !== 200) throw new Error(`rotating ${d.id}'s credentials answered ${r.status}`);
        tokens.set(d.id, ((await r.json()) as { credentials: { mqttPassword: string } }).credentials.mqttPassword);
      }
    },
    async send(readings) {
      let accepted = 0;
      let rejected = 0;
      await Promise.all(readings.map(async (r) => {
        try {
          const client = await connect(r.deviceId);
          const payload = vendorPayload(r.deviceId.split('-')[1] as DeviceKind, r);
          // QoS 1: resolves on the broker's PUBACK, which the platform sends only after the durable write.
          await client.publishAsync(`zc/v1/devices/${r.deviceId}/telemetry`, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1 });
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
