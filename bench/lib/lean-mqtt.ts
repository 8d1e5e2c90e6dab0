// A minimal MQTT 3.1.1 device connection for the ingest benchmark's load generator: CONNECT with
// username, password and a will, then QoS 1 PUBLISH packets written as one buffer each and
// PUBACKs read back. Hand-written on purpose, for the load generator only: with mqtt.js the two
// publisher processes took 35–40 % of this 2-core machine at 11.5 k messages/s (~33 µs of CPU
// per publish: its packet store, streams and callbacks), CPU the platform under test shares. A
// fleet's devices do not run on the platform's machine; this keeps the generator's share small.
// The platform's side is unchanged (aedes, authentication, ACLs, PUBACK after the commit).
import { connect as tcpConnect, type Socket } from 'node:net';

const str = (s: string) => {
  const b = Buffer.from(s, 'utf8');
  const out = Buffer.allocUnsafe(2 + b.length);
  out.writeUInt16BE(b.length, 0);
  b.copy(out, 2);
  return out;
};

function remainingLength(n: number): Buffer {
  const bytes: number[] = [];
  do {
    let d = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) d |= 0x80;
    bytes.push(d);
  } while (n > 0);
  return Buffer.from(bytes);
}

const packet = (first: number, body: Buffer) => Buffer.concat([Buffer.from([first]), remainingLength(body.length), body]);

/** A QoS 1 PUBLISH encoded once; its packet id (at `idAt`) is set when it is sent. */
export interface EncodedPublish {
  buf: Buffer;
  idAt: number;
  /** Handed to the socket and not written yet. */
  queued: boolean;
}

export function encodePublish(topic: string, payload: string): EncodedPublish {
  const t = Buffer.from(topic, 'utf8');
  const p = Buffer.from(payload, 'utf8');
  const len = 2 + t.length + 2 + p.length;
  const rl = remainingLength(len);
  const buf = Buffer.allocUnsafe(1 + rl.length + len);
  buf[0] = 0x32;
  rl.copy(buf, 1);
  let o = 1 + rl.length;
  buf.writeUInt16BE(t.length, o);
  t.copy(buf, o + 2);
  o += 2 + t.length;
  p.copy(buf, o + 2);
  return { buf, idAt: o, queued: false };
}

export interface LeanConnectOptions {
  clientId: string;
  username: string;
  password: string;
  will: { topic: string; payload: string };
  keepaliveSeconds: number;
}

export class LeanPublisher {
  private buf: Buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiting = new Map<number, (err?: Error) => void>();
  private readonly pinger: NodeJS.Timeout;
  private closed: Error | null = null;

  private constructor(private readonly socket: Socket, keepaliveSeconds: number) {
    this.pinger = setInterval(() => socket.write(Buffer.from([0xc0, 0x00])), (keepaliveSeconds * 1000) / 2);
    this.pinger.unref();
  }

  /** Connects and resolves once the broker accepted (CONNACK 0); rejects with its return code otherwise. */
  static connect(host: string, port: number, o: LeanConnectOptions): Promise<LeanPublisher> {
    return new Promise((resolve, reject) => {
      const socket = tcpConnect({ host, port, noDelay: true });
      const self = new LeanPublisher(socket, o.keepaliveSeconds);
      let accepted = false;
      socket.on('error', (err) => (accepted ? self.fail(err) : reject(err)));
      socket.on('close', () => (accepted ? self.fail(new Error('connection closed')) : reject(new Error('connection closed before CONNACK'))));
      socket.on('data', (chunk: Buffer) => self.read(chunk, (code) => {
        if (code === 0) {
          accepted = true;
          resolve(self);
        } else {
          socket.destroy();
          reject(new Error(`CONNACK return code ${code}`));
        }
      }));
      // Variable header: "MQTT", level 4, flags (username, password, will QoS 1, will, clean session), keepalive.
      const header = Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x80 | 0x40 | 0x08 | 0x04 | 0x02, o.keepaliveSeconds >> 8, o.keepaliveSeconds & 0xff]);
      socket.write(packet(0x10, Buffer.concat([header, str(o.clientId), str(o.will.topic), str(o.will.payload), str(o.username), str(o.password)])));
    });
  }

  /** QoS 1: `done` runs when the broker's PUBACK arrives (or with the connection's error). */
  publish(topic: string, payload: string, done: (err?: Error) => void): void {
    this.publishEncoded(encodePublish(topic, payload), done);
  }

  /**
   * A packet from `encodePublish` (encoded before the measurement, so the generator spends no
   * CPU on it then), with the next packet id written in; one socket write per message, as a
   * device sends. A packet still queued in the socket is copied rather than changed.
   */
  publishEncoded(packet: EncodedPublish, done: (err?: Error) => void): void {
    if (this.closed) return done(this.closed);
    const id = this.nextId;
    this.nextId = this.nextId === 0xffff ? 1 : this.nextId + 1;
    const out = packet.queued ? Buffer.from(packet.buf) : packet.buf;
    out.writeUInt16BE(id, packet.idAt);
    this.waiting.set(id, done);
    if (out === packet.buf) {
      packet.queued = true;
      this.socket.write(out, () => (packet.queued = false));
    } else this.socket.write(out);
  }

  publishAsync(topic: string, payload: string): Promise<void> {
    return new Promise((resolve, reject) => this.publish(topic, payload, (err) => (err ? reject(err) : resolve())));
  }

  /** DISCONNECT (the will is not published) and close. */
  end(): Promise<void> {
    clearInterval(this.pinger);
    this.closed = new Error('ended');
    return new Promise((resolve) => {
      this.socket.end(Buffer.from([0xe0, 0x00]), () => resolve());
    });
  }

  private fail(err: Error) {
    clearInterval(this.pinger);
    if (!this.closed) this.closed = err;
    for (const done of this.waiting.values()) done(err);
    this.waiting.clear();
  }

  /** Packets from the broker: CONNACK, PUBACK (PINGRESP and anything else ignored). */
  private read(chunk: Buffer, onConnack: (code: number) => void) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    let at = 0;
    for (;;) {
      if (this.buf.length - at < 2) break;
      let len = 0;
      let mult = 1;
      let i = at + 1;
      let complete = false;
      for (; i < this.buf.length && i < at + 5; i++) {
        const b = this.buf[i]!;
        len += (b & 0x7f) * mult;
        mult *= 128;
        if (!(b & 0x80)) {
          complete = true;
          i++;
          break;
        }
      }
      if (!complete || this.buf.length - i < len) break;
      const type = this.buf[at]! >> 4;
      if (type === 2) onConnack(this.buf[i + 1]!);
      else if (type === 4) {
        const id = this.buf.readUInt16BE(i);
        const done = this.waiting.get(id);
        this.waiting.delete(id);
        done?.();
      }
      at = i + len;
    }
    this.buf = at >= this.buf.length ? Buffer.alloc(0) : this.buf.subarray(at);
  }
}
