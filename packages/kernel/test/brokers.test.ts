import { connect, createServer, type AddressInfo } from 'node:net';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createNatsBus } from '../src/bus/nats-bus.js';
import { StartupError } from '../src/errors.js';
import { defineModule } from '../src/module.js';
import { createEmbeddedBroker, startEmbeddedBroker } from '../src/mqtt/embedded-broker.js';
import { createTestPlatform } from '../src/testing/index.js';
import { connectExternalBroker } from '../src/mqtt/external-client.js';

const log = pino({ level: 'silent' });

/** A port nothing listens on right now (the kernel's own tests need to know it before the broker binds it). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Resolves true when a TCP connection to the port is accepted, false when refused. */
const tcpAccepts = (port: number) => new Promise<boolean>((resolve) => {
  const sock = connect(port, '127.0.0.1');
  sock.once('connect', () => {
    sock.destroy();
    resolve(true);
  });
  sock.once('error', () => resolve(false));
});

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

  it('accepts no connection before listen(), so hooks can be installed first', async () => {
    const port = await freePort();
    const broker = await createEmbeddedBroker(port, '127.0.0.1', log);
    try {
      expect(await tcpAccepts(port)).toBe(false);
      expect(broker.status().status).toBe('down');
      const seen: string[] = [];
      broker.embedded!.authenticate = (client, username, _password, done) => {
        seen.push(username ?? '');
        done(null, username === 'good');
      };
      await broker.listen();
      expect(broker.port).toBe(port);
      const bad = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { username: 'bad', reconnectPeriod: 0 }).catch((e: Error) => e);
      expect(bad).toBeInstanceOf(Error);
      const good = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { username: 'good', reconnectPeriod: 0 });
      await good.endAsync();
      expect(seen).toEqual(['bad', 'good']);
    } finally {
      await broker.close();
    }
  });

  it('platform: the broker listens only after every module\'s init; a client trying from the start is always authenticated', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const url = `mqtt://127.0.0.1:${port}`;
    const checked: string[] = [];
    let listeningDuringInit: boolean | null = null;
    const hooks = defineModule({
      name: 'mqtt-hooks',
      async init(ctx) {
        // Before the fix the broker already listened here, with aedes' admit-everyone defaults.
        listeningDuringInit = await tcpAccepts(port);
        ctx.mqtt!.embedded!.authenticate = (client, username, _password, done) => {
          checked.push(username ?? '');
          done(null, username === 'good');
        };
      },
    });
    // Clients that keep trying from before the start: whichever gets in first went through the hook.
    let booting = true;
    const outcomes: string[] = [];
    const attempt = async (username: string) => {
      while (booting) {
        const c = await mqtt.connectAsync(url, { username, reconnectPeriod: 0, connectTimeout: 2000 }).catch((e: Error) => e);
        if (c instanceof Error) {
          outcomes.push(`${username}:${/refused|ECONNREFUSED/i.test(c.message) ? 'no-socket' : 'refused'}`);
          await new Promise((r) => setTimeout(r, 5)); // a pause between attempts, not a synchronisation
          continue;
        }
        outcomes.push(`${username}:accepted`);
        await c.endAsync();
        if (username === 'good') return;
      }
    };
    const good = attempt('good');
    const bad = attempt('bad');
    const p = await createTestPlatform('pglite', { modules: [hooks], mqtt: true, env: { MQTT_PORT: String(port) } });
    try {
      await good;
      booting = false;
      await bad;
      expect(listeningDuringInit).toBe(false);
      expect(outcomes).toContain('good:accepted');
      expect(outcomes).not.toContain('bad:accepted');
      expect(checked).toContain('good');
      expect(p.ctx.mqtt!.port).toBe(port);
    } finally {
      booting = false;
      await p.dispose();
    }
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
