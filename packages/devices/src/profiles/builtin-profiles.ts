import type { AttributeSpec } from '../schemas.js';

export interface BuiltinProfile {
  id: string;
  name: string;
  description: string;
  entityType: string;
  expression: string | null;
  attributes: Record<string, AttributeSpec>;
  strict: boolean;
  inactivitySeconds: number;
}

const num = (unitCode?: string, min?: number, max?: number): AttributeSpec => ({
  type: 'number', ...(unitCode ? { unitCode } : {}), ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}),
});
const str: AttributeSpec = { type: 'string' };
const bool: AttributeSpec = { type: 'boolean' };

/**
 * Profiles shipped with the platform for the Smart Data Models types the demo uses. Each maps
 * a typical vendor payload (documented in `description`) to SDM attribute names and UN/CEFACT
 * unit codes; the flat profile takes ThingsBoard's `{ "key": value }` or `{ "ts", "values" }`
 * as is, without JSONata (the fast path). Attribute names that already match are also accepted
 * by every non-strict profile, so `{ "ts", "values": {…SDM names…} }` works for all of them.
 */
export const BUILTIN_PROFILES: BuiltinProfile[] = [
  {
    id: 'flat-keyvalue', name: 'Flat key/value (ThingsBoard)', entityType: 'DeviceMeasurement', strict: false, inactivitySeconds: 600,
    description: 'ThingsBoard device API shape: {"temperature": 21.5} or {"ts": 1700000000000, "values": {...}} or an array of these.',
    expression: null, attributes: {},
  },
  {
    id: 'device-measurement', name: 'Generic DeviceMeasurement', entityType: 'DeviceMeasurement', strict: false, inactivitySeconds: 900,
    description: 'Payload {"time": ISO, "measurements": [{"name": "tilt", "value": 0.8}, …]}.',
    expression: '{ "ts": time, "values": measurements{ name: value } }',
    attributes: { batteryLevel: num('C62', 0, 1), tilt: num('DD', 0, 90) },
  },
  {
    id: 'air-quality', name: 'Air quality station', entityType: 'AirQualityObserved', strict: false, inactivitySeconds: 7200,
    description: 'Payload {"time": ISO, "data": {"PM2.5": µg/m³, "PM10", "SO2", "NO2", "O3", "CO": mg/m³, "TEMP": °C, "RH": %}}.',
    expression: '{ "ts": time, "values": { "pm25": data.`PM2.5`, "pm10": data.PM10, "so2": data.SO2, "no2": data.NO2, "o3": data.O3, "co": data.CO, "temperature": data.TEMP, "relativeHumidity": data.RH } }',
    attributes: {
      pm25: num('GQ', 0, 2000), pm10: num('GQ', 0, 5000), so2: num('GQ', 0, 5000), no2: num('GQ', 0, 3000), o3: num('GQ', 0, 2000),
      co: num('GP', 0, 200), temperature: num('CEL', -60, 70), relativeHumidity: num('P1', 0, 100),
    },
  },
  {
    id: 'weather-station', name: 'Automatic weather station', entityType: 'WeatherObserved', strict: false, inactivitySeconds: 1800,
    description: 'Payload {"ts": epoch ms, "t": °C, "rh": %, "ws": m/s, "wd": degrees, "rain": mm, "p": hPa}.',
    expression: '{ "ts": ts, "values": { "temperature": t, "relativeHumidity": rh, "windSpeed": ws, "windDirection": wd, "precipitation": rain, "atmosphericPressure": p } }',
    attributes: {
      temperature: num('CEL', -60, 70), relativeHumidity: num('P1', 0, 100), windSpeed: num('MTS', 0, 120), windDirection: num('DD', 0, 360),
      precipitation: num('MMT', 0, 500), atmosphericPressure: num('A97', 300, 1100),
    },
  },
  {
    id: 'water-quality', name: 'Water quality buoy / section station', entityType: 'WaterQualityObserved', strict: false, inactivitySeconds: 7200,
    description: 'Payload {"time": ISO, "ph", "do": mg/L, "codmn", "cod", "nh3n", "tp", "tn", "turb": NTU, "flow": m³/s}.',
    expression: '{ "ts": time, "values": { "pH": ph, "O2": do, "permanganateIndex": codmn, "cod": cod, "NH4": nh3n, "P-TOT": tp, "N-TOT": tn, "turbidity": turb, "flow": flow } }',
    attributes: {
      pH: num('C62', 0, 14), O2: num('M1', 0, 30), permanganateIndex: num('M1', 0, 100), cod: num('M1', 0, 1000), NH4: num('M1', 0, 100),
      turbidity: num(undefined, 0, 10000), flow: num('MQS', 0, 100000),
    },
  },
  {
    id: 'noise-meter', name: 'Environmental noise meter', entityType: 'NoiseLevelObserved', strict: false, inactivitySeconds: 900,
    description: 'Payload {"ts": epoch ms, "leq": dB(A), "lmax": dB(A)}.',
    expression: '{ "ts": ts, "values": { "LAeq": leq, "LAmax": lmax } }',
    attributes: { LAeq: num('2N', 0, 160), LAmax: num('2N', 0, 180) },
  },
  {
    id: 'traffic-detector', name: 'Traffic flow detector', entityType: 'TrafficFlowObserved', strict: false, inactivitySeconds: 900,
    description: 'Payload {"ts": epoch ms, "count": vehicles per period, "speed": km/h, "occ": 0–1, "jam": boolean}.',
    expression: '{ "ts": ts, "values": { "intensity": count, "averageVehicleSpeed": speed, "occupancy": occ, "congested": jam } }',
    attributes: { intensity: num(undefined, 0, 100000), averageVehicleSpeed: num('KMH', 0, 300), occupancy: num('C62', 0, 1), congested: bool },
  },
  {
    id: 'parking-sensor', name: 'Parking space sensor (geomagnetic)', entityType: 'ParkingSpot', strict: false, inactivitySeconds: 3600,
    description: 'Payload {"ts": epoch ms, "occupied": boolean}.',
    expression: '{ "ts": ts, "values": { "status": occupied = true ? "occupied" : occupied = false ? "free" : "unknown" } }',
    attributes: { status: str },
  },
  {
    id: 'streetlight-controller', name: 'Streetlight controller', entityType: 'Streetlight', strict: false, inactivitySeconds: 2700,
    description: 'Payload {"ts": epoch ms, "lamp": "ON"|"OFF", "fault": boolean, "watts": W, "dim": 0–100}.',
    expression: '{ "ts": ts, "values": { "powerState": $lowercase(lamp), "status": fault ? "defectiveLamp" : "ok", "powerConsumption": watts, "illuminanceLevel": $exists(dim) ? dim / 100 } }',
    attributes: { powerState: str, status: str, powerConsumption: num('WTT', 0, 5000), illuminanceLevel: num('C62', 0, 1) },
  },
  {
    id: 'soil-sensor', name: 'Soil moisture sensor (AgriParcel)', entityType: 'AgriParcelRecord', strict: false, inactivitySeconds: 7200,
    description: 'Payload {"ts": epoch ms, "vwc": % volumetric, "st": °C, "ec": dS/m}.',
    expression: '{ "ts": ts, "values": { "soilMoistureVwc": $exists(vwc) ? vwc / 100, "soilTemperature": st, "soilMoistureEc": ec } }',
    attributes: { soilMoistureVwc: num('C62', 0, 1), soilTemperature: num('CEL', -40, 80), soilMoistureEc: num('D10', 0, 50) },
  },
];
