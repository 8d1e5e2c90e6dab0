import { describe, expect, it } from 'vitest';
import { AlarmLayer } from './alarm-layer';
import { CLUSTER_ABOVE, NO_DATA_COLOR, type PointFeatureInput } from './entity-point-layer';
import { FarmPlotLayer } from './farm-plot-layer';
import { NoiseLayer } from './noise-layer';
import { SafetyMonitorLayer } from './safety-monitor-layer';
import { StreetlightLayer } from './streetlight-layer';
import { WaterQualityLayer } from './water-quality-layer';

const points = (n: number, attributes: Record<string, unknown> = {}): PointFeatureInput[] =>
  Array.from({ length: n }, (_, i) => ({ id: `p${i}`, lon: 102 + i / 1e4, lat: 27, divisionCode: '513401', attributes }));

describe('map point layers', () => {
  it('rank legend classes from mildest to worst, whichever way the legend is listed', () => {
    const lights = new StreetlightLayer();
    expect(lights.rankOf({ powerState: 'on' })).toBe(0);
    expect(lights.rankOf({ powerState: 'on', status: 'lampFailure' })).toBe(2);
    expect(lights.rankOf({})).toBe(-1);
    const alarms = new AlarmLayer(); // listed worst first
    expect(alarms.rankOf({ severity: 'critical' })).toBeGreaterThan(alarms.rankOf({ severity: 'warning' }));
    expect(alarms.rankOf({ severity: 'warning' })).toBe(0);
  });

  it('cluster a layer only when it is dense, alarms always', () => {
    const water = new WaterQualityLayer();
    water.setPoints(points(CLUSTER_ABOVE));
    expect(water.isClustered).toBe(false);
    water.setPoints(points(CLUSTER_ABOVE + 1));
    expect(water.isClustered).toBe(true);
    expect(new AlarmLayer().isClustered).toBe(true);
  });

  it('classify noise in 5 dB(A) bands, soil moisture and gas in % LEL', () => {
    const noise = new NoiseLayer();
    expect([50, 55.1, 62, 69.9, 71].map((LAeq) => noise.definition.classify({ LAeq }))).toEqual(['le55', 'le60', 'le65', 'le70', 'gt70']);
    const farm = new FarmPlotLayer();
    expect([0.1, 0.15, 0.25, 0.4].map((soilMoistureVwc) => farm.definition.classify({ soilMoistureVwc }))).toEqual(['drought', 'dry', 'suitable', 'wet']);
    expect(farm.rankOf({ soilMoistureVwc: 0.1 })).toBeGreaterThan(farm.rankOf({ soilMoistureVwc: 0.4 }));
    const safety = new SafetyMonitorLayer();
    expect([3, 12, 25].map((gasConcentration) => safety.definition.classify({ gasConcentration }))).toEqual(['normal', 'warning', 'alarm']);
    expect(safety.colorOf({})).toBe(NO_DATA_COLOR);
  });

  it('load what the legend reads: every attribute classify uses is in valueAttributes', () => {
    for (const layer of [new NoiseLayer(), new FarmPlotLayer(), new SafetyMonitorLayer(), new StreetlightLayer(), new WaterQualityLayer()]) {
      const read = new Set<string>();
      const spy = new Proxy({}, { get: (_t, key) => (read.add(String(key)), undefined) });
      layer.definition.classify(spy as Record<string, unknown>);
      for (const key of read) expect(layer.definition.valueAttributes).toContain(key);
    }
  });
});
