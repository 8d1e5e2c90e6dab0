export type DeviceKind =
  | 'air' | 'weather' | 'water' | 'noise' | 'traffic' | 'parking' | 'streetlight' | 'manhole'
  | 'farm' | 'fire' | 'safety' | 'scenic' | 'wearable';

export type Defect = 'silent' | 'drift' | 'spike' | 'malformed';

/** One simulated device and the entity it feeds. Everything here is derived from the seed. */
export interface SimDevice {
  id: string;
  kind: DeviceKind;
  /** Smart Data Models type where one exists. */
  entityType: string;
  entityId: string;
  name: string;
  /** GB/T 2260 code of the county the device stands in (checked by point-in-polygon). */
  county: string;
  lon: number;
  lat: number;
  /** How often it reports at real-time speed. */
  intervalMs: number;
  /** Static attributes: target water class, noise zone, capacity, crop… */
  props: Record<string, string | number>;
  defect: Defect | null;
}

export interface CountyShape {
  code: string;
  name: string;
  center: [number, number];
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

/** Entity types per kind: Smart Data Models names, or ours where SDM has none (documented). */
export const ENTITY_TYPES: Record<DeviceKind, string> = {
  air: 'AirQualityObserved',
  weather: 'WeatherObserved',
  water: 'WaterQualityObserved',
  noise: 'NoiseLevelObserved',
  traffic: 'TrafficFlowObserved',
  parking: 'ParkingSpot',
  streetlight: 'Streetlight',
  manhole: 'DeviceMeasurement',
  farm: 'AgriParcelRecord',
  // No Smart Data Model covers these three; the names follow SDM style.
  fire: 'ForestFireRiskObserved',
  safety: 'IndustrialSafetyObserved',
  scenic: 'CrowdFlowObserved',
  wearable: 'DeviceMeasurement',
};

/** Share of the fleet per kind (the demo's 400 devices at scale 1) and the real-time cadence. */
export const MIX: Record<DeviceKind, { share: number; intervalMs: number; label: string }> = {
  air: { share: 0.08, intervalMs: 3_600_000, label: '空气质量站' },
  weather: { share: 0.06, intervalMs: 600_000, label: '气象站' },
  water: { share: 0.05, intervalMs: 3_600_000, label: '水质断面' },
  noise: { share: 0.03, intervalMs: 300_000, label: '噪声监测点' },
  traffic: { share: 0.06, intervalMs: 300_000, label: '交通流量检测器' },
  parking: { share: 0.12, intervalMs: 300_000, label: '停车位' },
  streetlight: { share: 0.15, intervalMs: 900_000, label: '路灯' },
  manhole: { share: 0.06, intervalMs: 900_000, label: '井盖' },
  farm: { share: 0.08, intervalMs: 1_800_000, label: '农田墒情点' },
  fire: { share: 0.11, intervalMs: 600_000, label: '森林火险监测点' },
  safety: { share: 0.06, intervalMs: 60_000, label: '安全生产监测点' },
  scenic: { share: 0.03, intervalMs: 300_000, label: '景区客流计数' },
  wearable: { share: 0.11, intervalMs: 300_000, label: '养老手环' },
};
