import { countyShapesFrom, generateFleet, type SimDevice } from '@zhicheng/simulator';

/**
 * The simulator's fleet for a server, as `zhicheng simulate` builds it: the server's county
 * boundaries, then the seeded generator. Returns the fleet and the seconds generation took.
 */
export async function simulatedFleet(url: string, apiKey: string, devices: number, opts: { seed?: number; defectRate?: number } = {}): Promise<{ fleet: SimDevice[]; seconds: number }> {
  const res = await fetch(`${url.replace(/\/$/, '')}/api/v1/geo/boundaries?level=county`, { headers: { 'x-api-key': apiKey } });
  if (res.status !== 200) throw new Error(`county boundaries answered ${res.status}`);
  const counties = countyShapesFrom((await res.json()) as Parameters<typeof countyShapesFrom>[0]);
  const t0 = performance.now();
  const fleet = generateFleet(counties, { seed: opts.seed ?? 2026, devices, ...(opts.defectRate !== undefined ? { defectRate: opts.defectRate } : {}) });
  return { fleet, seconds: (performance.now() - t0) / 1000 };
}
