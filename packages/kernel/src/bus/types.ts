export type BusHandler<T = unknown> = (payload: T, subject: string) => void | Promise<void>;

export interface SubscribeOptions {
  /** Processes in the same queue group share the messages (one gets each). */
  queue?: string;
}

/**
 * The event bus between modules. Subjects are `<module>.<noun>.<past verb>`
 * (`environment.reading.ingested`); subscriptions may use NATS wildcards `*` and `>`.
 */
export interface Bus {
  readonly mode: 'memory' | 'nats';
  publish<T>(subject: string, payload: T): Promise<void>;
  subscribe<T>(subject: string, handler: BusHandler<T>, opts?: SubscribeOptions): () => void;
  status(): { status: 'ok' | 'down'; mode: 'memory' | 'nats'; detail?: string };
  /** Waits for handlers in flight, then stops delivering. */
  close(): Promise<void>;
}

/** NATS-style subject matching: `*` one token, `>` one or more trailing tokens. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}
