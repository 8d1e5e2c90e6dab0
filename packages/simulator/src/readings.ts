import { fireSeasonFactor } from './calendar.js';
import type { SimDevice } from './fleet-types.js';
import { keyed } from './random.js';
import { strengthAt, type ActiveScenario } from './scenarios.js';
import { baseValues, fireRiskLevel } from './value-models.js';

export type Reading =
  | { kind: 'values'; deviceId: string; ts: string; values: Record<string, number | string | boolean> }
  | { kind: 'malformed'; deviceId: string; ts: string; payload: string };

/**
 * What a device sends at instant t, or null when it stays silent: the ordinary values, the
 * active scenarios' effects, and the device's defect (drift, spikes, malformed payloads,
 * silence). Deterministic: the same device and instant always give the same reading.
 */
export function readingAt(d: SimDevice, t: number, scenarios: ActiveScenario[] = []): Reading | null {
  const ts = new Date(t).toISOString();
  if (d.defect === 'silent' && t > silentFrom(d)) return null;
  if (d.defect === 'malformed' && keyed(d.id, 'bad', Math.floor(t / d.intervalMs)) < 0.2) {
    return { kind: 'malformed', deviceId: d.id, ts, payload: `{"ts":"${ts}","values":{"broken":` };
  }
  const values = baseValues(d, t);
  for (const s of scenarios) {
    const strength = strengthAt(s, d, t);
    if (strength > 0) s.spec.apply(values, strength, d);
  }
  if (d.kind === 'fire') {
    values.fireRiskLevel = values.smokeDetected === true ? 5 : fireRiskLevel(Number(values.temperature), Number(values.relativeHumidity), Number(values.windSpeed), fireSeasonFactor(t));
  }
  if (d.defect === 'drift') {
    const days = (t - Date.UTC(2026, 0, 1)) / 86_400_000;
    for (const [k, v] of Object.entries(values)) if (typeof v === 'number') values[k] = round(v * (1 + 0.004 * days));
  }
  if (d.defect === 'spike' && keyed(d.id, 'spike', Math.floor(t / d.intervalMs)) < 0.05) {
    const numeric = Object.keys(values).filter((k) => typeof values[k] === 'number');
    const k = numeric[Math.floor(keyed(d.id, 'which', t) * numeric.length)];
    if (k) values[k] = round(Number(values[k]) * 8 + 50);
  }
  for (const [k, v] of Object.entries(values)) if (typeof v === 'number') values[k] = round(v);
  return { kind: 'values', deviceId: d.id, ts, values };
}

/** A silent device stops at a fixed instant of its own within the first weeks of 2026. */
const silentFrom = (d: SimDevice) => Date.UTC(2026, 0, 1) + keyed(d.id, 'silent') * 300 * 86_400_000;
const round = (x: number) => Math.round(x * 1000) / 1000;
