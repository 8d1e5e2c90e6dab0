import { EntityPointLayer, NO_DATA_COLOR, numberOf } from './entity-point-layer';

/** Forest fire-risk points coloured by fire danger level 1–5. */
export class FireRiskLayer extends EntityPointLayer {
  constructor() {
    super({
      id: 'fire',
      entityType: 'ForestFireRiskObserved',
      legend: [
        { key: '1', color: '#2e7d32', labelKey: 'overview.legend.fire1' },
        { key: '2', color: '#9ccc65', labelKey: 'overview.legend.fire2' },
        { key: '3', color: '#fdd835', labelKey: 'overview.legend.fire3' },
        { key: '4', color: '#fb8c00', labelKey: 'overview.legend.fire4' },
        { key: '5', color: '#d50000', labelKey: 'overview.legend.fire5' },
        { key: 'none', color: NO_DATA_COLOR, labelKey: 'overview.legend.noData' },
      ],
      classify: (attributes) => {
        const level = numberOf(attributes.fireRiskLevel);
        return level === null ? 'none' : String(Math.min(5, Math.max(1, Math.round(level))));
      },
      valueAttributes: ['fireRiskLevel'],
      keyAttributes: ['fireRiskLevel', 'smokeDetected', 'temperature', 'relativeHumidity', 'windSpeed'],
      cluster: false,
      radius: 5,
    });
  }
}
