import distance from '@turf/distance';
import type { DeviceKind, SimDevice } from './fleet-types.js';

export type ScenarioName = 'pollution-episode' | 'forest-fire' | 'chemical-leak' | 'flood' | 'scenic-overcrowding' | 'highway-accident';

/** A named incident: where, which kinds it touches, and how it moves their values. */
export interface ScenarioSpec {
  name: ScenarioName;
  title: { zh: string; en: string };
  center: [number, number];
  radiusKm: number;
  kinds: DeviceKind[];
  /** Minutes to reach full strength, and how long the incident lasts. */
  rampMinutes: number;
  durationMinutes: number;
  /** Changes to a device's values at `strength` 0..1 (1 at the center, at full intensity). */
  apply(values: Record<string, unknown>, strength: number, device: SimDevice): void;
}

const bump = (v: unknown, add: number) => (typeof v === 'number' ? v + add : v);
const scale = (v: unknown, f: number) => (typeof v === 'number' ? v * f : v);

export const SCENARIOS: Record<ScenarioName, ScenarioSpec> = {
  'pollution-episode': {
    name: 'pollution-episode', title: { zh: '西昌重污染过程', en: 'Pollution episode in Xichang' },
    center: [102.27, 27.89], radiusKm: 25, kinds: ['air'], rampMinutes: 120, durationMinutes: 24 * 60,
    apply(v, s) {
      v.pm25 = scale(v.pm25, 1 + 5 * s);
      v.pm10 = scale(v.pm10, 1 + 4 * s);
      v.so2 = scale(v.so2, 1 + 1.5 * s);
      v.no2 = scale(v.no2, 1 + 1.2 * s);
      v.co = scale(v.co, 1 + 1.5 * s);
    },
  },
  'forest-fire': {
    name: 'forest-fire', title: { zh: '木里森林火灾', en: 'Forest fire starting in Muli' },
    center: [101.28, 27.93], radiusKm: 40, kinds: ['fire', 'air', 'weather'], rampMinutes: 30, durationMinutes: 12 * 60,
    apply(v, s, d) {
      if (d.kind === 'fire') {
        v.temperature = bump(v.temperature, 25 * s);
        v.relativeHumidity = scale(v.relativeHumidity, 1 - 0.6 * s);
        v.smokeDetected = s > 0.35;
        v.smokeDensity = bump(v.smokeDensity, 80 * s);
      } else if (d.kind === 'air') {
        v.pm25 = scale(v.pm25, 1 + 8 * s);
        v.pm10 = scale(v.pm10, 1 + 6 * s);
        v.co = scale(v.co, 1 + 4 * s);
      } else v.temperature = bump(v.temperature, 6 * s);
    },
  },
  'chemical-leak': {
    name: 'chemical-leak', title: { zh: '化工园区气体泄漏', en: 'Chemical leak at an industrial park' },
    center: [102.18, 27.41], radiusKm: 5, kinds: ['safety', 'air'], rampMinutes: 5, durationMinutes: 180,
    apply(v, s, d) {
      if (d.kind === 'safety') {
        v.gasConcentration = bump(v.gasConcentration, 60 * s);
        v.temperature = bump(v.temperature, 15 * s);
        v.pressure = scale(v.pressure, 1 + 0.8 * s);
      } else {
        v.so2 = scale(v.so2, 1 + 20 * s);
        v.no2 = scale(v.no2, 1 + 6 * s);
      }
    },
  },
  flood: {
    name: 'flood', title: { zh: '安宁河洪水', en: 'Flood on the Anning river' },
    center: [102.22, 27.9], radiusKm: 60, kinds: ['water', 'weather', 'manhole'], rampMinutes: 90, durationMinutes: 36 * 60,
    apply(v, s, d) {
      if (d.kind === 'water') {
        v.turbidity = scale(v.turbidity, 1 + 15 * s);
        v.flow = scale(v.flow, 1 + 6 * s);
        v.O2 = scale(v.O2, 1 - 0.35 * s);
        v.NH4 = scale(v.NH4, 1 + 2 * s);
        v['P-TOT'] = scale(v['P-TOT'], 1 + 2.5 * s);
      } else if (d.kind === 'weather') v.precipitation = bump(v.precipitation, 40 * s);
      else v.tilt = bump(v.tilt, 20 * s);
    },
  },
  'scenic-overcrowding': {
    name: 'scenic-overcrowding', title: { zh: '节假日景区超载', en: 'Scenic spot over capacity on a holiday' },
    center: [102.295, 27.83], radiusKm: 3, kinds: ['scenic', 'parking', 'traffic'], rampMinutes: 60, durationMinutes: 8 * 60,
    apply(v, s, d) {
      if (d.kind === 'scenic') {
        const cap = Number(d.props.capacity);
        v.peopleCount = Math.round(Math.max(Number(v.peopleCount), cap * (0.6 + 0.75 * s)));
        v.occupancy = Math.round((Number(v.peopleCount) / cap) * 1000) / 1000;
      } else if (d.kind === 'parking') v.status = s > 0.3 ? 'occupied' : v.status;
      else {
        v.intensity = scale(v.intensity, 1 + 2 * s);
        v.averageVehicleSpeed = scale(v.averageVehicleSpeed, 1 - 0.7 * s);
      }
    },
  },
  'highway-accident': {
    name: 'highway-accident', title: { zh: '京昆高速交通事故', en: 'Accident on the G5 expressway' },
    center: [102.25, 28.05], radiusKm: 12, kinds: ['traffic'], rampMinutes: 2, durationMinutes: 120,
    apply(v, s) {
      v.averageVehicleSpeed = scale(v.averageVehicleSpeed, 1 - 0.92 * s);
      v.occupancy = Math.min(1, Number(v.occupancy) + 0.6 * s);
      v.intensity = scale(v.intensity, 1 - 0.6 * s);
      v.congested = s > 0.4;
    },
  },
};

export interface ActiveScenario {
  spec: ScenarioSpec;
  startedAt: number;
  /** Optional override of the center (e.g. a fire started elsewhere). */
  center?: [number, number];
}

/** How strongly an active scenario reaches a device at time t: 0 outside its radius or time. */
export function strengthAt(a: ActiveScenario, d: SimDevice, t: number): number {
  const { spec } = a;
  if (!spec.kinds.includes(d.kind)) return 0;
  const elapsed = (t - a.startedAt) / 60_000;
  if (elapsed < 0 || elapsed > spec.durationMinutes) return 0;
  const km = distance(a.center ?? spec.center, [d.lon, d.lat], { units: 'kilometers' });
  if (km > spec.radiusKm) return 0;
  const inTime = Math.min(1, elapsed / spec.rampMinutes) * Math.min(1, (spec.durationMinutes - elapsed) / spec.rampMinutes);
  const inSpace = 1 - (km / spec.radiusKm) ** 2;
  return Math.max(0, inTime * inSpace);
}

/**
 * Starts a scenario at its nominal place, moved to the nearest device of its first kind so the
 * incident is seen by at least one sensor (a fire starts beside a fire-risk point, an
 * accident beside a detector); falls back to the nominal place when none is near.
 */
export function startScenario(spec: ScenarioSpec, fleet: SimDevice[], at: number): ActiveScenario {
  let best: { d: SimDevice; km: number } | null = null;
  for (const d of fleet) {
    if (d.kind !== spec.kinds[0] || d.defect) continue;
    const km = distance(spec.center, [d.lon, d.lat], { units: 'kilometers' });
    if (km <= spec.radiusKm * 2 && (!best || km < best.km)) best = { d, km };
  }
  return { spec, startedAt: at, ...(best ? { center: [best.d.lon, best.d.lat] as [number, number] } : {}) };
}
