import { EntityPointLayer, NO_DATA_COLOR, numberOf } from './entity-point-layer';

/** Traffic detectors coloured by average vehicle speed (km/h). */
export class TrafficLayer extends EntityPointLayer {
  constructor() {
    super({
      id: 'traffic',
      entityType: 'TrafficFlowObserved',
      legend: [
        { key: 'free', color: '#43a047', labelKey: 'overview.legend.speedFree' },
        { key: 'slow', color: '#fdd835', labelKey: 'overview.legend.speedSlow' },
        { key: 'congested', color: '#e53935', labelKey: 'overview.legend.speedCongested' },
        { key: 'none', color: NO_DATA_COLOR, labelKey: 'overview.legend.noData' },
      ],
      classify: (attributes) => {
        const speed = numberOf(attributes.averageVehicleSpeed);
        if (speed === null) return 'none';
        if (speed >= 40) return 'free';
        if (speed >= 20) return 'slow';
        return 'congested';
      },
      valueAttributes: ['averageVehicleSpeed'],
      keyAttributes: ['averageVehicleSpeed', 'intensity', 'occupancy', 'congested'],
      cluster: true,
      defaultVisible: false,
      radius: 5,
    });
  }
}
