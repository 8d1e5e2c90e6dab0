import type { SimDevice } from './fleet-types.js';
import { readingAt, type Reading } from './readings.js';
import { SCENARIOS, startScenario, type ActiveScenario, type ScenarioName } from './scenarios.js';
import type { SimTransport } from './transport.js';

export interface RunnerOptions {
  fleet: SimDevice[];
  transport: SimTransport;
  /** Simulated seconds per real second (1 = real time; 60 = a minute a second). */
  speed?: number;
  /** Real milliseconds between ticks. */
  tickMs?: number;
  /** Largest batch handed to the transport. */
  batchSize?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

export interface RunnerStats {
  sent: number;
  rejected: number;
  failedBatches: number;
  simTime: string;
  scenarios: { name: ScenarioName; startedAt: string }[];
}

/**
 * Drives the fleet on a simulated clock: each device reports on its own cadence (a stable
 * offset within its interval, so reports spread out), scenarios overlay incidents, and a
 * backfill replays past days through the same transport.
 */
/** How far ahead of the wall clock a sped-up simulation may run (ingestion accepts one day). */
export const MAX_AHEAD_MS = 20 * 3_600_000;

export class SimulatorRunner {
  readonly #o: Required<Omit<RunnerOptions, 'onError'>> & Pick<RunnerOptions, 'onError'>;
  readonly #next = new Map<string, number>();
  #timer: NodeJS.Timeout | null = null;
  #realStart = 0;
  #simStart = 0;
  #busy = false;
  #scenarios: ActiveScenario[] = [];
  #stats = { sent: 0, rejected: 0, failedBatches: 0 };

  constructor(opts: RunnerOptions) {
    this.#o = { speed: 1, tickMs: 1000, batchSize: 500, now: Date.now, ...opts };
  }

  /**
   * The simulated clock. Faster than real time it runs ahead of the wall clock, but never more
   * than MAX_AHEAD_MS: ingestion refuses readings stamped over a day ahead, so a demo left
   * running at 60× would otherwise end in dead letters after 24 minutes. At the cap it goes
   * on at real speed. The lead is counted beyond any the caller chose with `start(simStart)`.
   */
  simNow(): number {
    const real = this.#o.now();
    const sim = this.#simStart + (real - this.#realStart) * this.#o.speed;
    // Measured from where the caller started the clock (a test may start it anywhere).
    const chosenLead = Math.max(0, this.#simStart - this.#realStart);
    return this.#o.speed > 1 ? Math.min(sim, real + chosenLead + MAX_AHEAD_MS) : sim;
  }

  /** Starts reporting from `simStart` (default: now). */
  start(simStart = this.#o.now()): void {
    this.#realStart = this.#o.now();
    this.#simStart = simStart;
    for (const d of this.#o.fleet) this.#next.set(d.id, firstSlot(d, simStart));
    this.#timer = setInterval(() => void this.tick(), this.#o.tickMs);
    this.#timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    while (this.#busy) await new Promise((r) => setTimeout(r, 20));
  }

  startScenario(name: ScenarioName, at = this.simNow()): ActiveScenario {
    const spec = SCENARIOS[name];
    if (!spec) throw new Error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
    const active = startScenario(spec, this.#o.fleet, at);
    this.#scenarios = [...this.#scenarios.filter((s) => s.spec.name !== name), active];
    // Devices the incident touches report at once instead of at their next slot.
    for (const d of this.#o.fleet) if (spec.kinds.includes(d.kind)) this.#next.set(d.id, Math.min(this.#next.get(d.id) ?? at, at));
    return active;
  }

  stopScenario(name: ScenarioName): void {
    this.#scenarios = this.#scenarios.filter((s) => s.spec.name !== name);
  }

  stats(): RunnerStats {
    return {
      ...this.#stats, simTime: new Date(this.simNow()).toISOString(),
      scenarios: this.#scenarios.map((s) => ({ name: s.spec.name, startedAt: new Date(s.startedAt).toISOString() })),
    };
  }

  /** One step: every device whose slot has come sends its readings (several if the clock ran ahead). */
  async tick(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      const now = this.simNow();
      const due: Reading[] = [];
      for (const d of this.#o.fleet) {
        let slot = this.#next.get(d.id)!;
        // At high speed a device may owe several readings; cap so a stalled server is not flooded.
        for (let i = 0; slot <= now && i < 10; i++, slot += d.intervalMs) {
          const r = readingAt(d, slot, this.#scenarios);
          if (r) due.push(r);
        }
        if (slot <= now) slot = firstSlot(d, now);
        this.#next.set(d.id, slot);
      }
      await this.#send(due);
    } finally {
      this.#busy = false;
    }
  }

  /** Replays [from, to) in simulated time, as fast as the server acknowledges; reports progress 0..1. */
  async backfill(from: number, to: number, onProgress?: (done: number) => void): Promise<void> {
    const step = 15 * 60_000;
    for (let t = from; t < to; t += step) {
      const batch: Reading[] = [];
      for (const d of this.#o.fleet) {
        for (let slot = firstSlot(d, t); slot < Math.min(t + step, to); slot += d.intervalMs) {
          const r = readingAt(d, slot, this.#scenarios);
          if (r) batch.push(r);
        }
      }
      await this.#send(batch);
      onProgress?.(Math.min(1, (t + step - from) / (to - from)));
    }
  }

  async #send(readings: Reading[]): Promise<void> {
    for (let i = 0; i < readings.length; i += this.#o.batchSize) {
      const chunk = readings.slice(i, i + this.#o.batchSize);
      try {
        const r = await this.#o.transport.send(chunk);
        this.#stats.sent += r.accepted;
        this.#stats.rejected += r.rejected;
      } catch (err) {
        this.#stats.failedBatches++;
        this.#o.onError?.(err);
      }
    }
  }
}

/** The first report time at or after `t`: each device keeps a stable offset inside its interval. */
function firstSlot(d: SimDevice, t: number): number {
  let h = 0;
  for (let i = 0; i < d.id.length; i++) h = (h * 31 + d.id.charCodeAt(i)) >>> 0;
  const offset = h % d.intervalMs;
  const base = Math.floor((t - offset) / d.intervalMs) * d.intervalMs + offset;
  return base >= t ? base : base + d.intervalMs;
}
