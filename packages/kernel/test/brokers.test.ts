import { createServer, type AddressInfo } from 'node:net';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createNatsBus } from '../src/bus/nats-bus.js';
import { StartupError } from '../src/errors.js';
import { startEmbeddedBroker } from '../src/mqtt/embedded-broker.js';
import { connectExternalBroker } from '../src/mqtt/external-client.js';

const log = pino({ level: 'silent' });

async function roundTrip(url: string, topic: string): Promise<string> {
  const sub = await mqtt.connectAsync(url);
  const pub = await mqtt.connectAsync(url);
  try {
    const got = new Promise<string>((resolve) => sub.on('message', (_t, m) => resolve(m.toString())));
    await sub.subscribeAsync(topic, { qos: 1 });
    await pub.publishAsync(topic, 'hello 凉山', { qos: 1 });
    return await got;
  } finally {
    await sub.endAsync();
    await pub.endAsync();
  }
}

describe('embedded MQTT broker', () => {
  it('listens on a configured free port and carries messages', async () => {
    const broker = await startEmbeddedBroker(0, '127.0.0.1', log);
    try {
      expect(broker.port).toBeGreaterThan(0);
      expect(await roundTrip(`mqtt://127.0.0.1:${broker.port}`, 't/dev-1')).toBe('hello 凉山');
      expect(broker.status()).toMatchObject({ status: 'ok', mode: 'embedded' });
    } finally {
      await broker.close();
    }
    expect(broker.status().status).toBe('down');
  });

  // Before the fix the socket server waited for connected clients forever: a hang fails by the timeout.
  it('closes while clients are still connected', { timeout: 10_000 }, async () => {
    const broker = await startEmbeddedBroker(0, '127.0.0.1', log);
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { reconnectPeriod: 0 });
    const disconnected = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await broker.close();
    await disconnected;
    expect(broker.status().status).toBe('down');
    await client.endAsync(true);
  });

  it('stops with one actionable line when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const err = await startEmbeddedBroker(port, '127.0.0.1', log).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StartupError);
      expect((err as Error).message).toContain(`MQTT port ${port} is already in use`);
      expect((err as Error).message).toContain('MQTT_PORT=');
      expect((err as Error).message).toContain(`MQTT_URL=mqtt://localhost:${port}`);
      expect((err as Error).message).not.toContain('\n');
    } finally {
      blocker.close();
    }
  });
});

// The real servers run on the machine and in CI; these tests are skipped only where MQTT_URL / NATS_URL are unset.
describe.skipIf(!process.env.MQTT_URL)('external MQTT broker (MQTT_URL)', () => {
  it('connects with MQTT 5 and reports its status', async () => {
    const handle = await connectExternalBroker(process.env.MQTT_URL!, log);
    try {
      expect(handle.status()).toMatchObject({ status: 'ok', mode: 'external' });
      expect(await roundTrip(process.env.MQTT_URL!, `zc-test/${Date.now()}`)).toBe('hello 凉山');
    } finally {
      await handle.close();
    }
  });

  it('fails the start with one line when the broker cannot be reached', async () => {
    const err = await connectExternalBroker('mqtt://127.0.0.1:1', log).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StartupError);
    expect((err as Error).message).toMatch(/^Cannot reach the MQTT broker at .* \(MQTT_URL\)/);
  });
});

describe.skipIf(!process.env.NATS_URL)('NATS bus (NATS_URL)', () => {
  it('delivers events between two connections and shares queue groups', async () => {
    const a = await createNatsBus(process.env.NATS_URL!, log);
    const b = await createNatsBus(process.env.NATS_URL!, log);
    const subject = `test.t${Date.now()}.happened`;
    try {
      const got: unknown[] = [];
      const grouped: string[] = [];
      a.subscribe(subject, (p) => void got.push(p));
      a.subscribe(subject, () => void grouped.push('a'), { queue: 'g' });
      b.subscribe(subject, () => void grouped.push('b'), { queue: 'g' });
      await new Promise((r) => setTimeout(r, 100));
      for (let i = 0; i < 10; i++) await b.publish(subject, { i, name: '西昌' });
      await new Promise((r) => setTimeout(r, 300));
      expect(got).toHaveLength(10);
      expect(got[0]).toEqual({ i: 0, name: '西昌' });
      expect(grouped).toHaveLength(10);
      expect(a.status()).toEqual({ status: 'ok', mode: 'nats' });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('fails the start with one line when NATS cannot be reached', async () => {
    const err = await createNatsBus('nats://127.0.0.1:1', log).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StartupError);
    expect((err as Error).message).toMatch(/\(NATS_URL\)/);
  });
});
