import { bump, daily, fireSeasonFactor, isHoliday, isWeekend, shanghai } from './calendar.js';
import type { DeviceKind, SimDevice } from './fleet-types.js';
import { keyed, smoothNoise } from './random.js';

type Values = Record<string, number | string | boolean>;
const H = 3_600_000;
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const pos = (x: number) => Math.max(0, x);

/** Regional weather shared by devices of one county, so air quality couples to wind and rain. */
export function regionalWeather(county: string, t: number) {
  const { month } = shanghai(t);
  const wet = month >= 6 && month <= 9;
  const altitude = county === '513422' || county === '513423' ? -6 : county === '513401' ? 0 : -2;
  const seasonal = 17 + 6 * Math.cos(((month - 7) / 12) * 2 * Math.PI);
  const temperature = seasonal + altitude + 6 * daily(t, 14) + 1.5 * smoothNoise(6 * H, t, 'temp', county);
  const windSpeed = pos(2.5 + 1.5 * daily(t, 15) + 1.2 * smoothNoise(3 * H, t, 'wind', county));
  const rainy = smoothNoise(12 * H, t, 'rain', county) > (wet ? 0.2 : 1.4);
  const precipitation = rainy ? pos(2 + 6 * smoothNoise(2 * H, t, 'rainAmt', county)) : 0;
  const relativeHumidity = Math.min(100, pos((wet ? 72 : 48) - 15 * daily(t, 14) + (rainy ? 20 : 0) + 5 * smoothNoise(4 * H, t, 'rh', county)));
  return { temperature, windSpeed, precipitation, relativeHumidity };
}

/**
 * Ordinary values of a device at instant t: diurnal and weekly cycles, weather coupling,
 * holidays, and smooth noise keyed by the device, so a seed always gives the same series.
 */
export function baseValues(d: SimDevice, t: number): Values {
  const w = regionalWeather(d.county, t);
  const n = (name: string, stepH = 1) => smoothNoise(stepH * H, t, d.id, name);
  const model: Record<DeviceKind, () => Values> = {
    air: () => {
      const city = d.county === '513401' ? 1.3 : 1;
      const winter = [1.5, 1.4, 1.2, 1, 0.8, 0.7, 0.6, 0.6, 0.7, 0.9, 1.1, 1.4][shanghai(t).month - 1]!;
      const dispersion = 1 / (1 + 0.25 * w.windSpeed) * (w.precipitation > 0 ? 0.6 : 1);
      const pm25 = pos(28 * city * winter * (1 + 0.3 * bump(t, 8, 2) + 0.25 * bump(t, 21, 3)) * dispersion * 1.6 + 5 * n('pm25'));
      return {
        pm25: r1(pm25), pm10: r1(pm25 * 1.7 + pos(6 * n('pm10'))), so2: r1(pos(9 * city + 3 * n('so2'))),
        no2: r1(pos(22 * city * (1 + 0.5 * bump(t, 8, 1.5) + 0.5 * bump(t, 18, 1.5)) + 4 * n('no2'))),
        co: r2(pos(0.6 * city + 0.15 * n('co'))), o3: r1(pos(70 + 55 * daily(t, 15) + 10 * n('o3'))),
        temperature: r1(w.temperature), relativeHumidity: r1(w.relativeHumidity),
      };
    },
    weather: () => ({
      temperature: r1(w.temperature + 0.5 * n('t')), relativeHumidity: r1(w.relativeHumidity), windSpeed: r1(w.windSpeed + 0.3 * n('w')),
      windDirection: Math.round((200 + 60 * n('wd', 6) + 360) % 360), precipitation: r1(w.precipitation), atmosphericPressure: r1(830 + 4 * n('p', 12)),
    }),
    water: () => {
      const lake = d.props.waterbody === 'lake';
      const rain = w.precipitation > 0 ? 1.4 : 1;
      return {
        pH: r2(7.6 + 0.25 * n('ph', 6)), O2: r2(pos(7.8 - 0.8 * daily(t, 4) + 0.4 * n('do', 3))),
        permanganateIndex: r2(pos((lake ? 2.2 : 2.8) + 0.5 * n('codmn', 6))), cod: r1(pos(11 + 2.5 * n('cod', 6))),
        NH4: r3(pos((lake ? 0.18 : 0.32) * rain + 0.06 * n('nh', 6))), 'P-TOT': r3(pos((lake ? 0.018 : 0.07) * rain + 0.008 * n('tp', 6))),
        'N-TOT': r3(pos((lake ? 0.42 : 0.9) + 0.08 * n('tn', 6))), turbidity: r1(pos((lake ? 4 : 18) * rain + 3 * n('tu', 3))),
        flow: r1(pos((lake ? 0 : 180) * rain * (1 + 0.1 * n('q', 12)))),
      };
    },
    noise: () => {
      const base = { '1': 50, '2': 55, '3': 60, '4a': 64 }[String(d.props.zone)] ?? 55;
      const night = shanghai(t).hour < 6 || shanghai(t).hour >= 22;
      const laeq = base - (night ? 9 : 0) + 3 * bump(t, 8, 1.5) + 3 * bump(t, 18, 1.5) + 2 * n('n', 0.5);
      return { LAeq: r1(laeq), LAmax: r1(laeq + 12 + 4 * Math.abs(n('max', 0.25))) };
    },
    traffic: () => {
      const g5 = d.props.road === 'G5';
      const peak = 0.35 + 1.1 * bump(t, 8, 1.3) + 1.0 * bump(t, 18, 1.6) + 0.4 * bump(t, 13, 3);
      const leisure = isHoliday(t) ? (g5 ? 1.9 : 1.4) : isWeekend(t) ? 1.2 : 1;
      const intensity = pos((g5 ? 220 : 90) * peak * leisure * (1 + 0.1 * n('q', 0.5)));
      const free = g5 ? 95 : 60;
      return { intensity: Math.round(intensity), averageVehicleSpeed: r1(pos(free * (1 - 0.35 * Math.min(1, intensity / (g5 ? 600 : 250))) + 3 * n('v', 0.5))), occupancy: r3(Math.min(1, intensity / (g5 ? 1400 : 500))), congested: false };
    },
    parking: () => {
      const p = 0.35 + 0.45 * bump(t, 11, 3) + 0.4 * bump(t, 19, 2.5);
      return { status: keyed(d.id, 'occ', Math.floor(t / (15 * 60_000))) < Math.min(0.97, p) ? 'occupied' : 'free' };
    },
    streetlight: () => {
      const h = shanghai(t).hour;
      const on = h >= 18.75 || h < 6.75;
      const day = Math.floor(t / 86_400_000);
      const faulty = keyed(d.id, 'fault', day) < 0.01;
      return { powerState: on && !faulty ? 'on' : 'off', status: faulty ? 'defectiveLamp' : 'ok', powerConsumption: on && !faulty ? r1(Number(d.props.powerRatingW) * (0.95 + 0.03 * n('pw'))) : 0 };
    },
    manhole: () => ({ tilt: r2(pos(0.8 + 0.3 * n('tilt', 24))), batteryLevel: r2(Math.max(0.05, 0.95 - ((t / 86_400_000) % 365) / 800)) }),
    farm: () => ({
      soilMoistureVwc: r3(Math.min(0.5, pos(0.26 + (w.precipitation > 0 ? 0.08 : 0) - 0.04 * daily(t, 15) + 0.02 * n('vwc', 6)))),
      soilTemperature: r1(w.temperature - 2 - 2 * daily(t, 16)), soilMoistureEc: r3(pos(0.9 + 0.1 * n('ec', 12))),
    }),
    fire: () => {
      const season = fireSeasonFactor(t);
      const temperature = w.temperature + 1 * n('t');
      const rh = Math.min(100, pos(w.relativeHumidity * (1.2 - 0.4 * season) + 3 * n('rh')));
      return { temperature: r1(temperature), relativeHumidity: r1(rh), windSpeed: r1(w.windSpeed * 1.3), smokeDetected: false, smokeDensity: r1(pos(2 + n('smoke'))) };
    },
    safety: () => ({
      gasConcentration: r2(pos((d.props.siteKind === 'mine' ? 4 : 2) + 1.2 * n('gas', 0.5))), temperature: r1(28 + 4 * daily(t, 15) + n('t')),
      pressure: r3(pos(0.45 + 0.03 * n('p', 2))),
    }),
    scenic: () => {
      const cap = Number(d.props.capacity);
      const day = (isHoliday(t) ? 0.75 : isWeekend(t) ? 0.45 : 0.25) * (1 + 0.15 * n('day', 24));
      const open = shanghai(t).hour >= 8 && shanghai(t).hour < 20;
      const people = open ? Math.round(pos(cap * day * (0.3 + 0.9 * bump(t, 14, 3)))) : Math.round(cap * 0.01);
      return { peopleCount: people, occupancy: r3(people / cap) };
    },
    wearable: () => {
      const age = Number(d.props.wearerAge);
      const fall = keyed(d.id, 'fall', Math.floor(t / H)) < 0.0004;
      return { heartRate: Math.round(68 + (age > 80 ? 6 : 0) + 8 * bump(t, 10, 3) + 4 * n('hr', 0.5) + (fall ? 30 : 0)), fallDetected: fall, sos: fall && keyed(d.id, 'sos', Math.floor(t / H)) < 0.5 };
    },
  };
  return model[d.kind]();
}

/** A forest fire-risk level (1–5) from temperature, humidity, wind and the season: the device's own estimate. */
export function fireRiskLevel(temperature: number, humidity: number, wind: number, season: number): number {
  const score = (temperature / 35) * 0.35 + (1 - humidity / 100) * 0.4 + Math.min(1, wind / 10) * 0.25;
  return Math.max(1, Math.min(5, Math.round(1 + score * 4 * (0.6 + 0.5 * season))));
}

