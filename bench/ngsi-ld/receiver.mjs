// Notification receiver for bench/ngsi-ld.ts, in its own process so it does not share the
// broker's event loop. Counts notified entities and their latency (receive time minus the
// submit time the bench wrote as the attribute's value). Talks to the parent over IPC.
import { createServer } from 'node:http';

let count = 0;
let posts = 0;
const latencies = [];
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const now = Date.now();
    posts++;
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString());
      for (const e of body.data ?? []) {
        count++;
        if (typeof e.v === 'number') latencies.push(now - e.v);
      }
    } catch {
      // counted as a post only
    }
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
const pct = (xs, p) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : null);
process.on('message', (m) => {
  if (m === 'stats') {
    const s = [...latencies].sort((a, b) => a - b);
    process.send({ count, posts, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), max: s.length ? s[s.length - 1] : null });
  }
  if (m === 'reset') {
    count = 0;
    posts = 0;
    latencies.length = 0;
  }
  if (m === 'exit') server.close(() => process.exit(0));
});
