import { EntityPointLayer } from './entity-point-layer';

export const SEVERITY_COLORS: Record<string, string> = {
  critical: '#b71c1c',
  major: '#f4511e',
  minor: '#ffb300',
  warning: '#42a5f5',
};

/** Open alarms at their source entity, clustered, coloured by severity. */
export class AlarmLayer extends EntityPointLayer {
  constructor() {
    super({
      id: 'alarms',
      entityType: 'alarms',
      legend: [
        { key: 'critical', color: SEVERITY_COLORS.critical ?? '', labelKey: 'alarms.severity.critical' },
        { key: 'major', color: SEVERITY_COLORS.major ?? '', labelKey: 'alarms.severity.major' },
        { key: 'minor', color: SEVERITY_COLORS.minor ?? '', labelKey: 'alarms.severity.minor' },
        { key: 'warning', color: SEVERITY_COLORS.warning ?? '', labelKey: 'alarms.severity.warning' },
      ],
      classify: (attributes) => String(attributes.severity),
      valueAttributes: ['severity'],
      worstFirst: true,
      keyAttributes: ['severity', 'state', 'ruleName'],
      cluster: true,
      radius: 8,
    });
  }
}
