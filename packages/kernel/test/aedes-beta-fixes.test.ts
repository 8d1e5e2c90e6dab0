import { connect, type Socket } from 'node:net';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_INFLIGHT_INBOUND } from '../src/mqtt/aedes-beta-fixes.js';
import { startEmbeddedBroker } from '../src/mqtt/embedded-broker.js';
import type { MqttHandle } from '../src/mqtt/types.js';

// MQTT 3.1.1 packets written by hand: these tests need what a well-behaved client never does
// (withhold PUBREL, repeat it within one read).
const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const str = (s: string) => Buffer.concat([u16(Buffer.byteLength(s)), Buffer.from(s)]);
function frame(first: number, body: Buffer): Buffer {
  const len: number[] = [];
  let n = body.length;
  do {
    len.push((n % 128) | (n >= 128 ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return Buffer.concat([Buffer.from([first, ...len]), body]);
}
const CONNECT = (clientId: string) => frame(0x10, Buffer.concat([str('MQTT'), Buffer.from([4, 0x02, 0, 0]), str(clientId)]));
const PUBLISH_QOS2 = (topic: string, id: number, payload: string) => frame(0x34, Buffer.concat([str(topic), u16(id), Buffer.from(payload)]));
const PUBREL = (id: number) => frame(0x62, u16(id));
const CONNACK = 2, PUBREC = 5, PUBCOMP = 7;

/** A socket that counts the packets it receives by type. */
async function rawClient(port: number, clientId: string) {
  const sock: Socket = connect(port, '127.0.0.1');
  const counts = new Map<number, number>();
  let buf = Buffer.alloc(0);
  let closed = false;
  sock.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      let len = 0, mul = 1, i = 1;
      for (; i < buf.length; i++) {
        len += (buf[i]! & 0x7f) * mul;
        mul *= 128;
        if (!(buf[i]! & 0x80)) break;
      }
      if (i >= buf.length || buf.length < i + 1 + len) return;
      const type = buf[0]! >> 4;
      counts.set(type, (counts.get(type) ?? 0) + 1);
      buf = buf.subarray(i + 1 + len);
    }
  });
  sock.on('close', () => (closed = true));
  sock.on('error', () => undefined);
  await new Promise<void>((r) => sock.once('connect', () => r()));
  const c = {
    send: (b: Buffer) => sock.write(b),
    count: (type: number) => counts.get(type) ?? 0,
    get closed() {
      return closed;
    },
    until: (type: number, n: number) => vi.waitFor(() => expect(c.count(type)).toBe(n), { timeout: 10_000, interval: 10 }),
    end: () => sock.destroy(),
  };
  c.send(CONNECT(clientId));
  await c.until(CONNACK, 1);
  return c;
}

describe('aedes 2.0.0-beta.1 fixes on the embedded broker (each one ended the process or grew without bound)', () => {
  const log = pino({ level: 'silent' });
  let broker: MqttHandle;
  const url = () => `mqtt://127.0.0.1:${broker.port}`;
  beforeAll(async () => {
    broker = await startEmbeddedBroker(0, '127.0.0.1', log);
  });
  afterAll(() => broker.close());

  it('GHSA-52qw-whmv-87c5: client ids and topic filters named like Object.prototype members', async () => {
    for (const protocolVersion of [4, 5] as const) {
      for (const clientId of ['constructor', '__proto__', 'toString']) {
        const c = await mqtt.connectAsync(url(), { clientId, protocolVersion, reconnectPeriod: 0, connectTimeout: 3000 });
        await c.unsubscribeAsync(['constructor', 'hasOwnProperty']);
        await c.endAsync();
      }
    }
    const sub = await mqtt.connectAsync(url(), { reconnectPeriod: 0 });
    const got = new Promise<string>((r) => sub.on('message', (_t, m) => r(m.toString())));
    await sub.subscribeAsync('proto/t', { qos: 1 });
    await (await mqtt.connectAsync(url(), { protocolVersion: 5 })).publishAsync('proto/t', 'still up', { qos: 1 });
    expect(await got).toBe('still up');
    await sub.endAsync();
  });

  it('a PUBREL repeated within one read leaves no unhandled rejection', async () => {
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => void rejections.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      const c = await rawClient(broker.port, 'dup-pubrel');
      c.send(PUBLISH_QOS2('dup/t', 7, 'x'));
      await c.until(PUBREC, 1);
      c.send(Buffer.concat([PUBREL(7), PUBREL(7)]));
      await c.until(PUBCOMP, 2);
      await new Promise((r) => setTimeout(r, 50));
      expect(rejections).toEqual([]);
      c.end();
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it(`GHSA-5jvp-3p2v-5qgf: at most ${MAX_INFLIGHT_INBOUND} inbound QoS 2 messages awaiting PUBREL per connection`, async () => {
    const c = await rawClient(broker.port, 'qos2-flood');
    c.send(Buffer.concat(Array.from({ length: MAX_INFLIGHT_INBOUND }, (_, i) => PUBLISH_QOS2('flood/t', i + 1, 'x'))));
    await c.until(PUBREC, MAX_INFLIGHT_INBOUND);
    // a PUBREL frees a slot
    c.send(PUBREL(1));
    await c.until(PUBCOMP, 1);
    c.send(PUBLISH_QOS2('flood/t', MAX_INFLIGHT_INBOUND + 1, 'x'));
    await c.until(PUBREC, MAX_INFLIGHT_INBOUND + 1);
    expect(c.closed).toBe(false);
    // one more ends the connection
    c.send(PUBLISH_QOS2('flood/t', MAX_INFLIGHT_INBOUND + 2, 'x'));
    await vi.waitFor(() => expect(c.closed).toBe(true), { timeout: 10_000, interval: 10 });
    expect(c.count(PUBREC)).toBe(MAX_INFLIGHT_INBOUND + 1);
  });

  it('GHSA-p8r9-qf8w-p73r: a clean session\'s QoS 2 state ends with it, so the next session may reuse a message id', async () => {
    const sub = await mqtt.connectAsync(url(), { reconnectPeriod: 0 });
    const got: string[] = [];
    sub.on('message', (_t, m) => void got.push(m.toString()));
    await sub.subscribeAsync('clean/t', { qos: 2 });
    const gone = new Promise<void>((r) => broker.embedded!.once('clientDisconnect', () => r()));
    const first = await rawClient(broker.port, 'clean-q2');
    first.send(PUBLISH_QOS2('clean/t', 5, 'first'));
    await first.until(PUBREC, 1);
    first.end(); // without PUBREL
    await gone;
    const second = await rawClient(broker.port, 'clean-q2');
    second.send(PUBLISH_QOS2('clean/t', 5, 'second'));
    await second.until(PUBREC, 1);
    // before the fix the broker took it for a resend of "first", acknowledged it and dropped it
    await vi.waitFor(() => expect(got).toEqual(['first', 'second']), { timeout: 5000, interval: 10 });
    second.end();
    await sub.endAsync();
  });
});
