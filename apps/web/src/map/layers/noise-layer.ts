import { EntityPointLayer, NO_DATA_COLOR, numberOf } from './entity-point-layer';

/**
 * Noise monitoring points coloured by LAeq in 5 dB(A) bands, as noise maps are drawn. The
 * GB 3096 limit depends on the zone class and the hour; whether a point exceeds it is the
 * `noiseLimit` rule's job (environment pack), the map shows the level.
 */
export class NoiseLayer extends EntityPointLayer {
  constructor() {
    super({
      id: 'noise',
      entityType: 'NoiseLevelObserved',
      legend: [
        { key: 'le55', color: '#66bb6a', labelKey: 'overview.legend.noiseLe55' },
        { key: 'le60', color: '#d4e157', labelKey: 'overview.legend.noiseLe60' },
        { key: 'le65', color: '#ffca28', labelKey: 'overview.legend.noiseLe65' },
        { key: 'le70', color: '#fb8c00', labelKey: 'overview.legend.noiseLe70' },
        { key: 'gt70', color: '#c62828', labelKey: 'overview.legend.noiseGt70' },
        { key: 'none', color: NO_DATA_COLOR, labelKey: 'overview.legend.noData' },
      ],
      classify: (attributes) => {
        const laeq = numberOf(attributes.LAeq);
        if (laeq === null) return 'none';
        if (laeq <= 55) return 'le55';
        if (laeq <= 60) return 'le60';
        if (laeq <= 65) return 'le65';
        if (laeq <= 70) return 'le70';
        return 'gt70';
      },
      valueAttributes: ['LAeq'],
      keyAttributes: ['LAeq', 'LAmax', 'zone', 'zoneLabel'],
      cluster: false,
      defaultVisible: false,
      radius: 5,
    });
  }
}
