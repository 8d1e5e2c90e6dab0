import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  at: number;
  headers: IncomingMessage['headers'];
  body: { subscriptionId: string; notifiedAt: string; data: Record<string, unknown>[] };
}

/** A real HTTP notification receiver on a free loopback port, recording every POST. */
export function notificationReceiver() {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      got.push({ at: Date.now(), headers: req.headers, body: JSON.parse(text) as Received['body'] });
      res.writeHead(204).end();
    });
  });
  return {
    got,
    /** Notified entities of one subscription, in arrival order. */
    data: (subscriptionId: string) => got.filter((g) => g.body.subscriptionId === subscriptionId).flatMap((g) => g.body.data),
    of: (subscriptionId: string) => got.filter((g) => g.body.subscriptionId === subscriptionId),
    async start(): Promise<string> {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
    },
    stop: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

export const until = async (cond: () => boolean, ms = 10_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
