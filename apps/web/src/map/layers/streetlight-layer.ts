import { EntityPointLayer, NO_DATA_COLOR } from './entity-point-layer';

/** Street lights: on, off or faulty. */
export class StreetlightLayer extends EntityPointLayer {
  constructor() {
    super({
      id: 'streetlights',
      entityType: 'Streetlight',
      legend: [
        { key: 'on', color: '#ffd54f', labelKey: 'overview.legend.lightOn' },
        { key: 'off', color: '#607d8b', labelKey: 'overview.legend.lightOff' },
        { key: 'fault', color: '#e53935', labelKey: 'overview.legend.lightFault' },
        { key: 'none', color: NO_DATA_COLOR, labelKey: 'overview.legend.noData' },
      ],
      classify: (attributes) => {
        const status = attributes.status;
        if (typeof status === 'string' && status !== 'ok') return 'fault';
        if (attributes.powerState === 'on') return 'on';
        if (attributes.powerState === 'off') return 'off';
        return 'none';
      },
      valueAttributes: ['powerState', 'status'],
      keyAttributes: ['powerState', 'status', 'powerConsumption', 'powerRatingW'],
      cluster: true,
      defaultVisible: false,
      radius: 4,
    });
  }
}
