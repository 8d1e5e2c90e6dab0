import { EntityPointLayer, NO_DATA_COLOR, numberOf } from './entity-point-layer';
import type { LegendClass } from './entity-point-layer';

/** HJ 633-2012 AQI categories and their official colours. */
export const AQI_CLASSES: readonly LegendClass[] = [
  { key: '1', color: '#00e400', labelKey: 'overview.legend.aqi1' },
  { key: '2', color: '#ffff00', labelKey: 'overview.legend.aqi2' },
  { key: '3', color: '#ff7e00', labelKey: 'overview.legend.aqi3' },
  { key: '4', color: '#ff0000', labelKey: 'overview.legend.aqi4' },
  { key: '5', color: '#99004c', labelKey: 'overview.legend.aqi5' },
  { key: '6', color: '#7e0023', labelKey: 'overview.legend.aqi6' },
  { key: 'none', color: NO_DATA_COLOR, labelKey: 'overview.legend.noData' },
];

/** HJ 633 24-hour PM2.5 breakpoints (µg/m³) against IAQI. */
const PM25_BREAKPOINTS: readonly [number, number][] = [
  [0, 0], [35, 50], [75, 100], [115, 150], [150, 200], [250, 300], [350, 400], [500, 500],
];

/** The PM2.5 individual AQI (IAQI), linear between breakpoints; 500 above the scale. */
export function pm25Iaqi(pm25: number): number {
  for (let i = 1; i < PM25_BREAKPOINTS.length; i += 1) {
    const [cHigh, iHigh] = PM25_BREAKPOINTS[i] ?? [0, 0];
    const [cLow, iLow] = PM25_BREAKPOINTS[i - 1] ?? [0, 0];
    if (pm25 <= cHigh) return Math.round(iLow + ((iHigh - iLow) / (cHigh - cLow)) * (pm25 - cLow));
  }
  return 500;
}

export function aqiCategory(aqi: number): string {
  if (aqi <= 50) return '1';
  if (aqi <= 100) return '2';
  if (aqi <= 150) return '3';
  if (aqi <= 200) return '4';
  if (aqi <= 300) return '5';
  return '6';
}

/** The AQI when the station reports one, else the PM2.5 IAQI (the stations send no AQI). */
export function stationAqi(attributes: Record<string, unknown>): number | null {
  const aqi = numberOf(attributes.airQualityIndex) ?? numberOf(attributes.aqi);
  if (aqi !== null) return aqi;
  const pm25 = numberOf(attributes.pm25);
  return pm25 === null ? null : pm25Iaqi(pm25);
}

/** Air quality stations coloured by AQI category. */
export class AirQualityLayer extends EntityPointLayer {
  constructor() {
    super({
      id: 'air',
      entityType: 'AirQualityObserved',
      legend: AQI_CLASSES,
      classify: (attributes) => {
        const aqi = stationAqi(attributes);
        return aqi === null ? 'none' : aqiCategory(aqi);
      },
      valueAttributes: ['name', 'airQualityIndex', 'aqi', 'pm25'],
      keyAttributes: ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co'],
      cluster: false,
      radius: 6,
    });
  }
}
