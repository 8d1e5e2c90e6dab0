import type { RuleDefinition } from '@zhicheng/rules';

/**
 * Rules the demo prefecture starts with, one or more per scenario, so an incident raises an
 * alarm that operators can follow. Ordinary rules, editable in the console like any other.
 */
export const DEMO_RULES: { id: string; definition: RuleDefinition }[] = [
  {
    id: 'rule_demo_aqi_moderate',
    definition: {
      name: '空气质量中度污染及以上（HJ 633）', enabled: true, severity: 'major', entityType: 'AirQualityObserved',
      condition: { kind: 'aqiCategory', minLevel: 4, period: 'hour', forSeconds: 0 },
      message: { zh: '空气质量达到中度污染或更重', en: 'Air quality moderately polluted or worse' },
    },
  },
  {
    id: 'rule_demo_fire_risk',
    definition: {
      name: '森林火险五级（烟雾）', enabled: true, severity: 'critical', entityType: 'ForestFireRiskObserved',
      condition: { kind: 'threshold', attribute: 'fireRiskLevel', op: '>=', value: 5, hysteresis: 1 },
      message: { zh: '森林火险达到五级或检测到烟雾', en: 'Forest fire risk level 5 or smoke detected' },
    },
  },
  {
    id: 'rule_demo_gas_leak',
    definition: {
      name: '可燃/有毒气体浓度超限', enabled: true, severity: 'critical', entityType: 'IndustrialSafetyObserved',
      condition: { kind: 'threshold', attribute: 'gasConcentration', op: '>=', value: 25, hysteresis: 5 },
      message: { zh: '气体浓度达到 25% LEL', en: 'Gas concentration at 25 % LEL or more' },
    },
  },
  {
    id: 'rule_demo_scenic_overload',
    definition: {
      name: '景区客流超过最大承载量', enabled: true, severity: 'major', entityType: 'CrowdFlowObserved',
      condition: { kind: 'threshold', attribute: 'occupancy', op: '>', value: 1, hysteresis: 0.1 },
      message: { zh: '景区游客超过最大承载量', en: 'Visitors above the scenic spot capacity' },
    },
  },
  {
    id: 'rule_demo_highway_congestion',
    definition: {
      name: '高速公路车速骤降（疑似事故）', enabled: true, severity: 'major', entityType: 'TrafficFlowObserved',
      condition: { kind: 'threshold', attribute: 'averageVehicleSpeed', op: '<', value: 20, hysteresis: 10 },
      message: { zh: '平均车速低于 20 km/h', en: 'Average speed below 20 km/h' },
    },
  },
  {
    id: 'rule_demo_manhole_tilt',
    definition: {
      name: '井盖倾斜', enabled: true, severity: 'minor', entityType: 'DeviceMeasurement',
      condition: { kind: 'threshold', attribute: 'tilt', op: '>', value: 10, hysteresis: 2 },
      message: { zh: '井盖倾斜超过 10°', en: 'Manhole cover tilted more than 10°' },
    },
  },
  {
    id: 'rule_demo_water_turbidity',
    definition: {
      name: '断面浊度异常升高', enabled: true, severity: 'minor', entityType: 'WaterQualityObserved',
      condition: { kind: 'threshold', attribute: 'turbidity', op: '>', value: 100, hysteresis: 20, forSeconds: 0 },
      message: { zh: '浊度超过 100 NTU', en: 'Turbidity above 100 NTU' },
    },
  },
];
