// One load-generator process: connects devices [from, to) to the embedded broker with their
// own credentials and publishes QoS 1 telemetry (10 values per message) for `seconds`,
// keeping `window` messages in flight per process. Prints one JSON line of its figures.
import mqtt from 'mqtt';

const [url, fromS, toS, secondsS, windowS] = process.argv.slice(2);
const from = Number(fromS);
const to = Number(toS);
const seconds = Number(secondsS);
const window = Number(windowS);

const clients: mqtt.MqttClient[] = [];
for (let i = from; i < to; i++) {
  clients.push(await mqtt.connectAsync(url!, { username: `b${i}`, password: `zcd_bench-token-${i}`, reconnectPeriod: 0, clean: true, keepalive: 120 }));
}
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
await new Promise<void>((r) => process.stdin.once('data', () => r()));

const lat: number[] = [];
let acked = 0;
let inflight = 0;
const end = Date.now() + seconds * 1000;
let seq = 0;
let k = 0;
await new Promise<void>((resolve) => {
  const pump = () => {
    while (inflight < window && Date.now() < end) {
      const c = clients[k++ % clients.length]!;
      const ts = Date.now() + (seq++ % 1000) * 0.001;
      const values: Record<string, number> = {};
      for (let j = 0; j < 10; j++) values[`v${j}`] = Math.round(Math.random() * 1000) / 10;
      const t0 = performance.now();
      inflight++;
      c.publish(`zc/v1/devices/${c.options.username}/telemetry`, JSON.stringify({ ts: Math.floor(ts), values }), { qos: 1 }, (err) => {
        inflight--;
        if (!err) {
          acked++;
          if (acked % 10 === 0) lat.push(performance.now() - t0);
        }
        if (Date.now() < end) setImmediate(pump);
        else if (inflight === 0) resolve();
      });
    }
  };
  pump();
});
lat.sort((a, b) => a - b);
const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? 0;
process.stdout.write(JSON.stringify({ acked, p50: q(0.5), p99: q(0.99) }) + '\n');
await Promise.all(clients.map((c) => c.endAsync(true)));
process.exit(0);
