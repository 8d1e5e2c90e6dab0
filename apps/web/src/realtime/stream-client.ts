import { readToken } from '../api/session';

/** A message the server pushes on `/api/v1/stream`. */
export interface StreamEvent {
  topic: string;
  data: unknown;
  at: string;
}

export type StreamListener = (event: StreamEvent) => void;

export type StreamStatus = 'connecting' | 'open' | 'closed';

const CLOSE_UNAUTHENTICATED = 4401;
const MAX_BACKOFF_MS = 30_000;

function topicMatches(pattern: string, topic: string): boolean {
  if (pattern === topic) return true;
  if (pattern.endsWith('.>')) return topic.startsWith(pattern.slice(0, -1));
  return false;
}

/**
 * One WebSocket for the whole console: authenticates with the session token, subscribes to
 * the union of the topics its listeners want, and reconnects with exponential backoff.
 * After a 4401 (session gone) it waits for a new token before trying again.
 */
class StreamClient {
  private socket: WebSocket | null = null;
  private readonly listeners = new Map<StreamListener, string[]>();
  private retry = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private status: StreamStatus = 'closed';
  /** The server answered the auth message with `ready`: subscriptions may be sent. */
  private ready = false;
  private readonly statusListeners = new Set<(status: StreamStatus) => void>();

  subscribe(topics: string[], listener: StreamListener): () => void {
    this.listeners.set(listener, topics);
    if (this.socket?.readyState === WebSocket.OPEN && this.ready) this.send({ type: 'subscribe', topics });
    else this.connect();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.disconnect();
    };
  }

  onStatus(listener: (status: StreamStatus) => void): () => void {
    this.statusListeners.add(listener);
    listener(this.status);
    return () => this.statusListeners.delete(listener);
  }

  private setStatus(status: StreamStatus): void {
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }

  private topics(): string[] {
    return [...new Set([...this.listeners.values()].flat())];
  }

  private send(message: unknown): void {
    this.socket?.send(JSON.stringify(message));
  }

  private connect(): void {
    if (this.socket || this.timer) return;
    const token = readToken();
    if (!token) {
      this.schedule();
      return;
    }
    const url = new URL('/api/v1/stream', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    this.socket = socket;
    this.setStatus('connecting');
    this.ready = false;
    // The server authenticates asynchronously and closes (4401) on any other message before
    // it is done: subscribe only after its `ready`.
    socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token }));
    socket.onmessage = (message) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(message.data));
      } catch {
        return;
      }
      const event = parsed as { type?: string; topic?: string; data?: unknown; at?: string };
      if (event.type === 'ready') {
        this.ready = true;
        socket.send(JSON.stringify({ type: 'subscribe', topics: this.topics() }));
        return;
      }
      if (event.type === 'subscribed') {
        this.retry = 0;
        this.setStatus('open');
        return;
      }
      if (event.type !== 'event' || typeof event.topic !== 'string') return;
      const delivered: StreamEvent = { topic: event.topic, data: event.data, at: event.at ?? new Date().toISOString() };
      for (const [listener, topics] of this.listeners) {
        if (topics.some((pattern) => topicMatches(pattern, delivered.topic))) listener(delivered);
      }
    };
    socket.onclose = (event) => {
      this.socket = null;
      this.ready = false;
      this.setStatus('closed');
      if (this.listeners.size === 0) return;
      // 4401: the token is no longer valid; try again once a new one is stored.
      if (event.code === CLOSE_UNAUTHENTICATED) this.retry = Math.max(this.retry, 3);
      this.schedule();
    };
  }

  private schedule(): void {
    if (this.timer) return;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.retry) * (0.75 + Math.random() * 0.5);
    this.retry += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.listeners.size > 0) this.connect();
    }, delay);
  }

  private disconnect(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000);
    this.retry = 0;
  }
}

export const streamClient = new StreamClient();
