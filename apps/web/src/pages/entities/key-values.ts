/**
 * The few attributes that say most about an entity of each type, shown as the browser's
 * "key values" column (the same choice as the overview's map layers). Types not listed show
 * their first numeric attributes.
 */
const KEY_ATTRIBUTES: Record<string, readonly string[]> = {
  AirQualityObserved: ['pm25', 'pm10', 'o3'],
  WeatherObserved: ['temperature', 'relativeHumidity', 'precipitation'],
  WaterQualityObserved: ['turbidity', 'pH', 'O2'],
  NoiseLevelObserved: ['LAeq', 'LAmax'],
  TrafficFlowObserved: ['averageVehicleSpeed', 'intensity', 'occupancy'],
  ParkingSpot: ['status'],
  Streetlight: ['powerState', 'status', 'powerConsumption'],
  ForestFireRiskObserved: ['fireRiskLevel', 'smokeDetected', 'temperature'],
  IndustrialSafetyObserved: ['gasConcentration', 'temperature', 'pressure'],
  CrowdFlowObserved: ['occupancy', 'peopleCount'],
  AgriParcelRecord: ['soilMoistureVwc', 'soilTemperature'],
  DeviceMeasurement: ['tilt', 'heartRate', 'batteryLevel'],
};

/** Attributes that describe the record rather than measure anything. */
const NOT_VALUES = new Set(['location', 'simulated', 'dataProvider', 'refDevice', 'name', 'controlledProperty', 'category']);
const SHOWN = 3;

export function keyValues(type: string, attributes: Record<string, unknown>): [string, unknown][] {
  const listed = (KEY_ATTRIBUTES[type] ?? []).filter((key) => attributes[key] !== undefined);
  const keys = listed.length > 0
    ? listed
    : Object.keys(attributes)
      .filter((key) => !NOT_VALUES.has(key) && typeof attributes[key] === 'number')
      .sort();
  return keys.slice(0, SHOWN).map((key) => [key, attributes[key]]);
}

/** A value for a table cell; booleans in words (`yesNo`: the interface's 是/否). */
export function formatValue(value: unknown, yesNo: [string, string]): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? yesNo[0] : yesNo[1];
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/\.?0+$/, '');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
