import { EntityPointLayer, NO_DATA_COLOR, numberOf } from './entity-point-layer';

/** Water quality sections coloured by turbidity (NTU): the sections report no class. */
export class WaterQualityLayer extends EntityPointLayer {
  constructor() {
    super({
      id: 'water',
      entityType: 'WaterQualityObserved',
      legend: [
        { key: 'clear', color: '#1e88e5', labelKey: 'overview.legend.turbidityClear' },
        { key: 'moderate', color: '#26c6da', labelKey: 'overview.legend.turbidityModerate' },
        { key: 'turbid', color: '#ffa000', labelKey: 'overview.legend.turbidityTurbid' },
        { key: 'veryTurbid', color: '#8d4004', labelKey: 'overview.legend.turbidityVery' },
        { key: 'none', color: NO_DATA_COLOR, labelKey: 'overview.legend.noData' },
      ],
      classify: (attributes) => {
        const turbidity = numberOf(attributes.turbidity);
        if (turbidity === null) return 'none';
        if (turbidity <= 10) return 'clear';
        if (turbidity <= 30) return 'moderate';
        if (turbidity <= 100) return 'turbid';
        return 'veryTurbid';
      },
      valueAttributes: ['turbidity'],
      keyAttributes: ['turbidity', 'pH', 'O2', 'NH4', 'permanganateIndex', 'targetClass'],
      cluster: false,
      radius: 6,
    });
  }
}
