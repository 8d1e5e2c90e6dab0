import { EntityPointLayer, NO_DATA_COLOR, numberOf } from './entity-point-layer';

/**
 * Work-safety monitors (mines, chemical plants) coloured by combustible gas in % LEL: the
 * usual first alarm level is 25 % LEL (the demo's critical rule), a warning from 10 %.
 */
export class SafetyMonitorLayer extends EntityPointLayer {
  constructor() {
    super({
      id: 'safety',
      entityType: 'IndustrialSafetyObserved',
      legend: [
        { key: 'normal', color: '#43a047', labelKey: 'overview.legend.gasNormal' },
        { key: 'warning', color: '#ffb300', labelKey: 'overview.legend.gasWarning' },
        { key: 'alarm', color: '#d50000', labelKey: 'overview.legend.gasAlarm' },
        { key: 'none', color: NO_DATA_COLOR, labelKey: 'overview.legend.noData' },
      ],
      classify: (attributes) => {
        const gas = numberOf(attributes.gasConcentration);
        if (gas === null) return 'none';
        if (gas >= 25) return 'alarm';
        if (gas >= 10) return 'warning';
        return 'normal';
      },
      valueAttributes: ['gasConcentration'],
      keyAttributes: ['gasConcentration', 'temperature', 'pressure', 'site', 'siteKind'],
      cluster: false,
      radius: 5,
    });
  }
}
