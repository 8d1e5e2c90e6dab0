import type { IndicatorDefinition } from './indicator-schemas.js';

/**
 * The city vital signs seeded at first start (operators may edit them later; edits stay).
 * Owner departments use the identity package's id convention `dept_<division>_<key>`.
 */
export function defaultDefinitions(region: string): IndicatorDefinition[] {
  const dept = (key: string) => `dept_${region}_${key}`;
  const d = (x: Omit<IndicatorDefinition, 'enabled' | 'description'> & { description?: IndicatorDefinition['description'] }): IndicatorDefinition => ({ enabled: true, description: null, ...x });
  return [
    d({
      id: 'good-air-days', name: { zh: '优良天数比例（本年）', en: 'Good-air days this year' }, unit: '%', ownerDepartmentId: dept('eeb'), perCounty: true, refreshSeconds: 3600,
      description: { zh: 'AQI ≤ 100 的天数 / 有数据的天数，按北京时间自然日', en: 'Days with AQI ≤ 100 / days with data, Asia/Shanghai calendar days' },
      source: { provider: 'environment.good-air-days', params: {} }, thresholds: { direction: 'higherIsBetter', warning: 90, critical: 80 },
    }),
    d({
      id: 'water-sections-meeting-target', name: { zh: '水质达标断面比例', en: 'Water sections meeting their target' }, unit: '%', ownerDepartmentId: dept('eeb'), perCounty: true, refreshSeconds: 900,
      source: { provider: 'environment.water-target', params: {} }, thresholds: { direction: 'higherIsBetter', warning: 90, critical: 75 },
    }),
    d({
      id: 'devices-online', name: { zh: '设备在线率', en: 'Devices online' }, unit: '%', ownerDepartmentId: dept('bdc'), perCounty: true, refreshSeconds: 300,
      source: { provider: 'devices.online-ratio', params: {} }, thresholds: { direction: 'higherIsBetter', warning: 95, critical: 85 },
    }),
    d({
      id: 'open-alarms', name: { zh: '未解除告警', en: 'Open alarms' }, unit: '', ownerDepartmentId: dept('ioc'), perCounty: true, refreshSeconds: 300,
      description: { zh: '按严重程度分列见 detail', en: 'By severity in detail' },
      source: { provider: 'alarms.open', params: {} }, thresholds: { direction: 'lowerIsBetter', warning: 20, critical: 50 },
    }),
    d({
      id: 'open-alarms-critical', name: { zh: '未解除紧急告警', en: 'Open critical alarms' }, unit: '', ownerDepartmentId: dept('ioc'), perCounty: true, refreshSeconds: 300,
      source: { provider: 'alarms.open', params: { severity: 'critical' } }, thresholds: { direction: 'lowerIsBetter', warning: 1, critical: 5 },
    }),
    d({
      id: 'alarms-overdue', name: { zh: '超时未确认告警', en: 'Alarms unacknowledged past deadline' }, unit: '', ownerDepartmentId: dept('ioc'), perCounty: true, refreshSeconds: 300,
      source: { provider: 'alarms.overdue', params: {} }, thresholds: { direction: 'lowerIsBetter', warning: 1, critical: 10 },
    }),
    d({
      id: 'scenic-spot-load', name: { zh: '景区承载率', en: 'Scenic-spot load' }, unit: '%', ownerDepartmentId: dept('culture'), perCounty: true, refreshSeconds: 300,
      source: { provider: 'entities.ratio', params: { entityType: 'ScenicSpot', numerator: 'visitors', denominator: 'capacity' } },
      thresholds: { direction: 'lowerIsBetter', warning: 80, critical: 100 },
    }),
    d({
      id: 'fire-risk-level', name: { zh: '森林火险等级', en: 'Forest fire-risk level' }, unit: '', ownerDepartmentId: dept('forestry'), perCounty: true, refreshSeconds: 900,
      source: { provider: 'entities.max', params: { entityType: 'FireRiskIndex', attribute: 'level' } }, thresholds: { direction: 'lowerIsBetter', warning: 4, critical: 5 },
    }),
  ];
}
