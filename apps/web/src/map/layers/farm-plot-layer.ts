import { EntityPointLayer, NO_DATA_COLOR, numberOf } from './entity-point-layer';

/**
 * Farm plots coloured by soil moisture (volumetric water content, m³/m³). The bands are the
 * usual ones for loam; the legend's order is how much attention a plot needs (drought worst).
 */
export class FarmPlotLayer extends EntityPointLayer {
  constructor() {
    super({
      id: 'farm',
      entityType: 'AgriParcelRecord',
      legend: [
        { key: 'suitable', color: '#43a047', labelKey: 'overview.legend.soilSuitable' },
        { key: 'wet', color: '#1e88e5', labelKey: 'overview.legend.soilWet' },
        { key: 'dry', color: '#ffb300', labelKey: 'overview.legend.soilDry' },
        { key: 'drought', color: '#bf360c', labelKey: 'overview.legend.soilDrought' },
        { key: 'none', color: NO_DATA_COLOR, labelKey: 'overview.legend.noData' },
      ],
      classify: (attributes) => {
        const vwc = numberOf(attributes.soilMoistureVwc);
        if (vwc === null) return 'none';
        if (vwc < 0.12) return 'drought';
        if (vwc < 0.18) return 'dry';
        if (vwc > 0.35) return 'wet';
        return 'suitable';
      },
      valueAttributes: ['soilMoistureVwc'],
      keyAttributes: ['soilMoistureVwc', 'soilTemperature', 'soilMoistureEc', 'crop'],
      cluster: false,
      defaultVisible: false,
      radius: 4,
    });
  }
}
