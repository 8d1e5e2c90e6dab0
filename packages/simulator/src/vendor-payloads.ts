import type { DeviceKind } from './fleet-types.js';
import type { Reading } from './readings.js';

type V = Record<string, number | string | boolean>;
const epoch = (ts: string) => Date.parse(ts);

/**
 * Each kind speaks its vendor's own payload, the one the platform's built-in device profile
 * maps with JSONata (see the devices package's profiles), so the demo exercises the mappings.
 * Kinds without a specific profile use the ThingsBoard shape `{ ts, values }`.
 */
const ENCODERS: Partial<Record<DeviceKind, (ts: string, v: V) => unknown>> = {
  air: (ts, v) => ({ time: ts, data: { 'PM2.5': v.pm25, PM10: v.pm10, SO2: v.so2, NO2: v.no2, O3: v.o3, CO: v.co, TEMP: v.temperature, RH: v.relativeHumidity } }),
  weather: (ts, v) => ({ ts: epoch(ts), t: v.temperature, rh: v.relativeHumidity, ws: v.windSpeed, wd: v.windDirection, rain: v.precipitation, p: v.atmosphericPressure }),
  water: (ts, v) => ({ time: ts, ph: v.pH, do: v.O2, codmn: v.permanganateIndex, cod: v.cod, nh3n: v.NH4, tp: v['P-TOT'], tn: v['N-TOT'], turb: v.turbidity, flow: v.flow }),
  noise: (ts, v) => ({ ts: epoch(ts), leq: v.LAeq, lmax: v.LAmax }),
  traffic: (ts, v) => ({ ts: epoch(ts), count: v.intensity, speed: v.averageVehicleSpeed, occ: v.occupancy, jam: v.congested }),
  parking: (ts, v) => ({ ts: epoch(ts), occupied: v.status === 'occupied' }),
  streetlight: (ts, v) => ({ ts: epoch(ts), lamp: String(v.powerState).toUpperCase(), fault: v.status !== 'ok', watts: v.powerConsumption }),
  farm: (ts, v) => ({ ts: epoch(ts), vwc: Math.round(Number(v.soilMoistureVwc) * 1000) / 10, st: v.soilTemperature, ec: v.soilMoistureEc }),
};

export function vendorPayload(kind: DeviceKind, r: Reading): unknown {
  if (r.kind === 'malformed') return r.payload;
  const enc = ENCODERS[kind];
  return enc ? enc(r.ts, r.values) : { ts: epoch(r.ts), values: r.values };
}
