import type { FastifyRequest } from 'fastify';
import { subjectMatches, type Principal } from '@zhicheng/kernel';
import type { WebSocket } from 'ws';
import { TOPIC } from './realtime-service.js';

export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_OVERFLOW = 4408;
const MAX_TOPICS = 50;
/** A console that cannot keep up is closed (it reconnects and refetches) rather than fed forever. */
const MAX_BUFFERED_BYTES = 2 * 1024 * 1024;

type ClientMessage = { type: 'auth'; token: string } | { type: 'subscribe' | 'unsubscribe'; topics: string[] } | { type: 'ping' };

export interface StreamConnectionDeps {
  authenticate(req: FastifyRequest, token: string | null): Promise<Principal | null>;
  onReady(conn: StreamConnection): void;
  onClose(conn: StreamConnection): void;
  authTimeoutMs: number;
}

/** One console's WebSocket: authenticates, keeps its topic subscriptions, sends events. */
export class StreamConnection {
  principal: Principal | null = null;
  readonly topics = new Set<string>();
  #token: string | null = null;
  /** A check of credentials in progress: later messages wait for it instead of being refused. */
  #authenticating: Promise<void> | null = null;

  constructor(readonly socket: WebSocket, readonly req: FastifyRequest, private readonly deps: StreamConnectionDeps) {
    const timer = setTimeout(() => {
      if (!this.principal) this.close(CLOSE_UNAUTHENTICATED, 'authentication required');
    }, deps.authTimeoutMs);
    socket.on('close', () => {
      clearTimeout(timer);
      deps.onClose(this);
    });
    socket.on('message', (raw) => void this.#onMessage(String(raw)));
  }

  /** Authenticates from the upgrade request's own headers (non-browser clients). */
  async tryHeaders(): Promise<void> {
    const p = await this.deps.authenticate(this.req, null);
    if (p) this.#ready(p);
  }

  wants(topic: string): boolean {
    for (const t of this.topics) if (subjectMatches(t, topic)) return true;
    return false;
  }

  send(message: unknown): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(CLOSE_OVERFLOW, 'too slow: reconnect and reload');
      return;
    }
    this.socket.send(JSON.stringify(message));
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) this.socket.close(code, reason);
  }

  /** Re-checks the credentials: a revoked session or key ends the stream. */
  async recheck(): Promise<void> {
    if (!this.principal) return;
    const p = await this.deps.authenticate(this.req, this.#token);
    if (!p) this.close(CLOSE_UNAUTHENTICATED, 'session ended');
    else this.principal = p;
  }

  #ready(p: Principal) {
    this.principal = p;
    this.send({ type: 'ready', principal: { kind: p.kind, name: p.name } });
    this.deps.onReady(this);
  }

  async #onMessage(text: string) {
    let msg: ClientMessage;
    try {
      msg = JSON.parse(text) as ClientMessage;
    } catch {
      return this.send({ type: 'error', code: 'ERR_STREAM_INVALID_JSON', message: 'Messages must be JSON.' });
    }
    if (msg?.type === 'auth' && typeof msg.token === 'string') {
      if (this.principal || this.#authenticating) return this.send({ type: 'error', code: 'ERR_STREAM_ALREADY_AUTHENTICATED', message: 'Already authenticated.' });
      const token = msg.token;
      this.#authenticating = (async () => {
        const p = await this.deps.authenticate(this.req, token);
        if (!p) return this.close(CLOSE_UNAUTHENTICATED, 'invalid credentials');
        this.#token = token;
        this.#ready(p);
      })();
      return this.#authenticating;
    }
    // A client may subscribe right after sending its token, before the check has finished.
    if (!this.principal && this.#authenticating) await this.#authenticating;
    if (!this.principal) return this.close(CLOSE_UNAUTHENTICATED, 'authentication required');
    if (msg?.type === 'ping') return this.send({ type: 'pong' });
    if ((msg?.type === 'subscribe' || msg?.type === 'unsubscribe') && Array.isArray(msg.topics)) {
      const bad = msg.topics.find((t) => typeof t !== 'string' || t.length > 100 || !TOPIC.test(t));
      if (bad !== undefined) return this.send({ type: 'error', code: 'ERR_STREAM_INVALID_TOPIC', message: `Invalid topic ${JSON.stringify(bad)}.` });
      for (const t of msg.topics) {
        if (msg.type === 'subscribe') this.topics.add(t);
        else this.topics.delete(t);
      }
      if (this.topics.size > MAX_TOPICS) {
        for (const t of msg.topics) this.topics.delete(t);
        return this.send({ type: 'error', code: 'ERR_STREAM_TOO_MANY_TOPICS', message: `At most ${MAX_TOPICS} topics per connection.` });
      }
      return this.send({ type: 'subscribed', topics: [...this.topics] });
    }
    this.send({ type: 'error', code: 'ERR_STREAM_UNKNOWN_MESSAGE', message: 'Expected auth, subscribe, unsubscribe or ping.' });
  }
}
