import { describe, expect, it } from 'vitest';
import { liangshanCounties } from '../test/fixtures.js';
import { generateFleet } from './generate-fleet.js';
import type { Reading } from './readings.js';
import { MAX_AHEAD_MS, SimulatorRunner } from './runner.js';
import type { SimTransport } from './transport.js';

const fleet = generateFleet(liangshanCounties(), { seed: 1, defectRate: 0 });
const T0 = Date.parse('2026-11-24T00:00:00Z');

/** Records what the runner hands over; the real transports are tested against a real server. */
function recorder(fail = false) {
  const got: Reading[] = [];
  const t: SimTransport = {
    provision: async () => { throw new Error('not used'); },
    send: async (rs) => {
      if (fail) throw new Error('server down');
      got.push(...rs);
      return { accepted: rs.length, rejected: 0 };
    },
    close: async () => {},
  };
  return { t, got };
}

describe('SimulatorRunner', () => {
  it('runs ahead of the wall clock when sped up, but never further than ingestion accepts', () => {
    let now = T0;
    const r = new SimulatorRunner({ fleet, transport: recorder().t, speed: 60, now: () => now });
    r.start(T0);
    now = T0 + 60_000;
    expect(r.simNow()).toBe(T0 + 3_600_000); // one real minute = one simulated hour
    now = T0 + 3_600_000; // an hour of real time would be 60 simulated hours
    expect(r.simNow()).toBe(now + MAX_AHEAD_MS);
    now += 60_000; // at the cap the clock goes on at real speed
    expect(r.simNow()).toBe(now + MAX_AHEAD_MS);
    expect(MAX_AHEAD_MS).toBeLessThan(86_400_000);
    r.stop();
  });

  it('sends each device on its own cadence of simulated time', async () => {
    let now = 0;
    const { t, got } = recorder();
    const r = new SimulatorRunner({ fleet, transport: t, speed: 60, now: () => now });
    r.start(T0);
    now = 60_000; // one real minute = one simulated hour
    await r.tick();
    await r.stop();
    const air = fleet.filter((d) => d.kind === 'air');
    // hourly stations: each reported exactly once in the hour
    for (const d of air) expect(got.filter((g) => g.deviceId === d.id)).toHaveLength(1);
    const safety = fleet.find((d) => d.kind === 'safety')!;
    expect(got.filter((g) => g.deviceId === safety.id)).toHaveLength(10); // per-minute device, capped at 10 per tick
    expect(r.stats()).toMatchObject({ sent: got.length, failedBatches: 0, simTime: new Date(T0 + 3_600_000).toISOString() });
  });

  it('makes devices an incident touches report at once', async () => {
    let now = 0;
    const { t, got } = recorder();
    const r = new SimulatorRunner({ fleet, transport: t, speed: 60, now: () => now });
    r.start(T0);
    r.startScenario('forest-fire');
    now = 100; // the touched devices report at once: the fire is only starting
    await r.tick();
    const first = got.length;
    expect(first).toBeGreaterThan(0);
    expect(got.some((g) => g.kind === 'values' && g.values.smokeDetected === true)).toBe(false);
    now = 45_000; // 45 simulated minutes later it has grown
    await r.tick();
    const fire = got.filter((g) => g.kind === 'values' && g.values.smokeDetected === true);
    expect(fire.length).toBeGreaterThan(0);
    expect(r.stats().scenarios.map((s) => s.name)).toEqual(['forest-fire']);
    expect(() => r.startScenario('no-such' as never)).toThrow(/unknown scenario/);
  });

  it('backfills a day through the transport with progress to 100%', async () => {
    const { t, got } = recorder();
    const r = new SimulatorRunner({ fleet, transport: t });
    const progress: number[] = [];
    await r.backfill(T0, T0 + 86_400_000, (p) => progress.push(p));
    expect(progress.at(-1)).toBe(1);
    const air = fleet.find((d) => d.kind === 'air')!;
    expect(got.filter((g) => g.deviceId === air.id)).toHaveLength(24);
    expect(new Set(got.map((g) => `${g.deviceId}|${g.ts}`)).size).toBe(got.length);
  });

  it('counts failed batches instead of dying', async () => {
    const errors: unknown[] = [];
    const { t } = recorder(true);
    const r = new SimulatorRunner({ fleet, transport: t, onError: (e) => errors.push(e) });
    await r.backfill(T0, T0 + 3_600_000);
    expect(r.stats().failedBatches).toBeGreaterThan(0);
    expect(errors.length).toBe(r.stats().failedBatches);
  });
});
