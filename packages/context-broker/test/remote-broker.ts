import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Forwarded {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
}

type Entity = Record<string, unknown> & { id: string; type: string };

/**
 * Another county's NGSI-LD broker, as far as reads go: a real HTTP server on a loopback port
 * answering GET /ngsi-ld/v1/entities (type, id, attrs, count) and /entities/{id} from canned
 * entities, recording every request. `delayMs` holds each answer; `status` answers with an error.
 */
export function remoteBroker(entities: Entity[], opts: { delayMs?: number; status?: number } = {}) {
  const got: Forwarded[] = [];
  const pick = (e: Entity, attrs: string[] | null) => (attrs ? Object.fromEntries(Object.entries(e).filter(([k]) => k === 'id' || k === 'type' || attrs.includes(k))) : e);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://remote');
    got.push({ path: url.pathname, query: url.searchParams, headers: req.headers });
    const answer = () => {
      if (opts.status) return res.writeHead(opts.status, { 'content-type': 'application/json' }).end('{"type":"https://uri.etsi.org/ngsi-ld/errors/InternalError"}');
      const attrs = url.searchParams.get('attrs')?.split(',') ?? null;
      const one = /^\/ngsi-ld\/v1\/entities\/(.+)$/.exec(url.pathname);
      if (one) {
        const e = entities.find((x) => x.id === decodeURIComponent(one[1]!));
        if (!e) return res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(pick(e, attrs)));
      }
      const types = url.searchParams.get('type')?.split(',') ?? null;
      const ids = url.searchParams.get('id')?.split(',') ?? null;
      const list = entities.filter((e) => (!types || types.includes(e.type)) && (!ids || ids.includes(e.id))).sort((a, b) => (a.id < b.id ? -1 : 1));
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (url.searchParams.get('count') === 'true') headers['ngsild-results-count'] = String(list.length);
      res.writeHead(200, headers).end(JSON.stringify(list.slice(0, limit).map((e) => pick(e, attrs))));
    };
    if (opts.delayMs) setTimeout(answer, opts.delayMs).unref();
    else answer();
  });
  return {
    got,
    async start(): Promise<string> {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    stop: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
