import { EntityPointLayer, NO_DATA_COLOR, numberOf } from './entity-point-layer';

/** Scenic spot visitor counters coloured by occupancy (share of capacity). */
export class ScenicLoadLayer extends EntityPointLayer {
  constructor() {
    super({
      id: 'scenic',
      entityType: 'CrowdFlowObserved',
      legend: [
        { key: 'low', color: '#43a047', labelKey: 'overview.legend.loadLow' },
        { key: 'medium', color: '#fdd835', labelKey: 'overview.legend.loadMedium' },
        { key: 'high', color: '#fb8c00', labelKey: 'overview.legend.loadHigh' },
        { key: 'over', color: '#d50000', labelKey: 'overview.legend.loadOver' },
        { key: 'none', color: NO_DATA_COLOR, labelKey: 'overview.legend.noData' },
      ],
      classify: (attributes) => {
        const occupancy = numberOf(attributes.occupancy);
        if (occupancy === null) return 'none';
        if (occupancy < 0.5) return 'low';
        if (occupancy < 0.8) return 'medium';
        if (occupancy <= 1) return 'high';
        return 'over';
      },
      valueAttributes: ['occupancy'],
      keyAttributes: ['occupancy', 'peopleCount', 'capacity', 'spot'],
      cluster: false,
      radius: 7,
    });
  }
}
