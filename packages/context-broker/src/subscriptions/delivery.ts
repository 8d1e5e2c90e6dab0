import mqtt, { type MqttClient } from 'mqtt';

export interface Delivery {
  uri: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends a notification: HTTP POST (2xx = delivered), or an MQTT publish at QoS 1 to
 * `mqtt://host:port/topic` (PUBACK = delivered) with `{ metadata, body }` as the spec's MQTT
 * binding describes. MQTT clients are kept per broker.
 */
export function createDeliverer(opts: { timeoutMs?: number; idleMs?: number } = {}) {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const clients = new Map<string, Promise<MqttClient>>();
  const lastUsed = new Map<string, number>();
  // Idle MQTT connections are closed after a few seconds: a held connection would keep the
  // platform's embedded broker from closing at shutdown (its server waits for open sockets).
  const idleMs = opts.idleMs ?? 2000;
  const sweeper = setInterval(() => {
    for (const [key, at] of lastUsed) {
      if (Date.now() - at < idleMs) continue;
      lastUsed.delete(key);
      const p = clients.get(key);
      clients.delete(key);
      void p?.then((c) => c.endAsync(true)).catch(() => undefined);
    }
  }, Math.max(100, idleMs / 2));
  sweeper.unref();

  async function mqttClient(u: URL): Promise<MqttClient> {
    const key = `${u.protocol}//${u.host}`;
    lastUsed.set(key, Date.now());
    let p = clients.get(key);
    if (!p) {
      p = mqtt.connectAsync(key, { connectTimeout: timeoutMs, reconnectPeriod: 1000, ...(u.username ? { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) } : {}) });
      clients.set(key, p);
      p.catch(() => clients.delete(key));
    }
    return p;
  }

  return {
    async send(d: Delivery): Promise<void> {
      const u = new URL(d.uri);
      if (u.protocol === 'http:' || u.protocol === 'https:') {
        const res = await fetch(d.uri, { method: 'POST', headers: d.headers, body: d.body, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
        // Drain the body so the connection returns to the keep-alive pool.
        await res.arrayBuffer().catch(() => undefined);
        if (res.status < 200 || res.status >= 300) throw new Error(`HTTP ${res.status}`);
        return;
      }
      if (u.protocol === 'mqtt:' || u.protocol === 'mqtts:') {
        const client = await mqttClient(u);
        const topic = decodeURIComponent(u.pathname.replace(/^\//, ''));
        if (!topic) throw new Error('The MQTT endpoint has no topic.');
        const payload = JSON.stringify({ metadata: d.headers, body: JSON.parse(d.body) as unknown });
        await client.publishAsync(topic, payload, { qos: 1 });
        return;
      }
      throw new Error(`Unsupported endpoint scheme ${u.protocol}`);
    },
    async close(): Promise<void> {
      clearInterval(sweeper);
      // Forced: the broker may already be gone at shutdown, and a graceful end would wait for it.
      for (const p of clients.values()) await p.then((c) => c.endAsync(true)).catch(() => undefined);
      clients.clear();
    },
  };
}

export type Deliverer = ReturnType<typeof createDeliverer>;
