// One load-generator process of the ingest benchmark: the devices [from, to) of the fleet in the
// spec file, connected to the broker as the simulator's MQTT transport connects them (own id and
// token, will on the status topic; through the lean client of lib/lean-mqtt.ts), publishing QoS 1 for `seconds` with `window` messages in
// flight — the load (ten flat values per message) or the simulator's readings (value
// models and vendor encoders). Messages are pre-generated so encoding does not cap the rate.
// Prints one JSON line of its figures.
import { readFileSync } from 'node:fs';
import { readingAt, telemetryMessage, type SimDevice } from '@zhicheng/simulator';
import { flatMessage, type FlatDevice } from '../lib/flat-fleet.js';
import { encodePublish, LeanPublisher, type EncodedPublish } from '../lib/lean-mqtt.js';

export interface PublisherSpec {
  mqttUrl: string;
  /** `issue`: ten flat values per message (flat-keyvalue devices); `simulator`: the simulator's fleet and payloads. */
  load: 'issue' | 'simulator';
  devices: (SimDevice | FlatDevice)[];
  tokens: Record<string, string>;
  /** Simulated instant of each device's first reading; the next ones follow `stepMs` apart. */
  firstAt: number;
  stepMs: number;
  readingsPerDevice: number;
}

const [specFile, fromS, toS, secondsS, windowS] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specFile!, 'utf8')) as PublisherSpec;
const mine = spec.devices.slice(Number(fromS), Number(toS));
const seconds = Number(secondsS);
const window = Number(windowS);

// Distinct device timestamps, so every message is a new data point (the platform dedupes repeats).
// Encoded as MQTT packets now, before the measurement: the generator then only sends them.
const messages = mine.map((d) => {
  const list: EncodedPublish[] = [];
  for (let k = 0; k < spec.readingsPerDevice; k++) {
    let m: { topic: string; payload: string } | null;
    if (spec.load === 'issue') m = flatMessage(d.id, spec.firstAt + k * spec.stepMs, k);
    else {
      const r = readingAt(d as SimDevice, spec.firstAt + k * spec.stepMs);
      m = r ? telemetryMessage(r) : null;
    }
    if (m) list.push(encodePublish(m.topic, m.payload));
  }
  return list;
});
const broker = new URL(spec.mqttUrl);
const clients: LeanPublisher[] = [];
for (const d of mine) {
  clients.push(await LeanPublisher.connect(broker.hostname, Number(broker.port || 1883), {
    clientId: `zc-sim-${d.id}`, username: d.id, password: spec.tokens[d.id] ?? '', keepaliveSeconds: 120,
    will: { topic: `zc/v1/devices/${d.id}/status`, payload: 'offline' },
  }));
}
// Warm-up, not measured: every device's first message, so each entity has its full set of
// attributes before the window opens (the first write of a freshly provisioned entity grows its
// row and moves it; a sustained rate is about the writes after that).
const next = new Array<number>(mine.length).fill(0);
const warmChunk = 2000;
for (let s = 0; s < clients.length; s += warmChunk) {
  await Promise.all(clients.slice(s, s + warmChunk).map(async (c, j) => {
    const i = s + j;
    const m = messages[i]![next[i]!];
    if (!m) return;
    next[i]!++;
    await new Promise<void>((resolve, reject) => c.publishEncoded(m, (err) => (err ? reject(err) : resolve())));
  }));
}
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
await new Promise<void>((r) => process.stdin.once('data', () => r()));

const lat: number[] = [];
let acked = 0;
let repeated = 0;
let inflight = 0;
let k = 0;
const end = Date.now() + seconds * 1000;
let sent = 0;
await new Promise<void>((resolve) => {
  let scheduled = false;
  // Every 10th message is timed, publish → PUBACK.
  const timed = (t0: number) => (err?: Error) => {
    if (!err) lat.push(performance.now() - t0);
    acked0(err);
  };
  const acked0 = (err?: Error) => {
    inflight--;
    if (!err) acked++;
    if (Date.now() < end) {
      // One pass refills the window for every PUBACK that arrived meanwhile.
      if (!scheduled) {
        scheduled = true;
        setImmediate(pump);
      }
    } else if (inflight === 0) resolve();
  };
  const pump = () => {
    scheduled = false;
    while (inflight < window && Date.now() < end) {
      const i = k++ % clients.length;
      const list = messages[i]!;
      if (next[i]! >= list.length) repeated++;
      const m = list[next[i]!++ % list.length]!;
      inflight++;
      clients[i]!.publishEncoded(m, sent++ % 10 === 0 ? timed(performance.now()) : acked0);
    }
  };
  pump();
});
lat.sort((a, b) => a - b);
const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? 0;
process.stdout.write(JSON.stringify({ acked, repeated, p50: q(0.5), p99: q(0.99) }) + '\n');
await Promise.all(clients.map((c) => c.end()));
process.exit(0);
