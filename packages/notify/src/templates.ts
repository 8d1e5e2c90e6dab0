import type { Alarm, AlarmEvent } from '@zhicheng/alarms';
import { shanghaiText } from './quiet-hours.js';

export type Language = 'zh-CN' | 'en';

/** Message texts as data, zh-CN first; channels pick the recipient's language. */
const TEXT = {
  'zh-CN': {
    severity: { critical: '紧急', major: '重要', minor: '次要', warning: '提示' },
    action: { raised: '新告警', reopened: '告警再次发生', escalated: '告警升级', cleared: '告警解除', acknowledged: '告警已确认', repeated: '告警重复', assigned: '告警已指派', commented: '告警有新备注' },
    labels: { source: '对象', area: '区域', time: '发生时间', count: '次数', level: '升级级别', state: '状态' },
    state: { active_unack: '未确认', active_ack: '已确认', cleared_unack: '已解除未确认', cleared_ack: '已关闭' },
  },
  en: {
    severity: { critical: 'Critical', major: 'Major', minor: 'Minor', warning: 'Warning' },
    action: { raised: 'New alarm', reopened: 'Alarm again', escalated: 'Alarm escalated', cleared: 'Alarm cleared', acknowledged: 'Alarm acknowledged', repeated: 'Alarm repeated', assigned: 'Alarm assigned', commented: 'Alarm comment' },
    labels: { source: 'Source', area: 'Area', time: 'Since', count: 'Count', level: 'Escalation level', state: 'State' },
    state: { active_unack: 'unacknowledged', active_ack: 'acknowledged', cleared_unack: 'cleared, unacknowledged', cleared_ack: 'closed' },
  },
} as const;

export interface Rendered {
  subject: string;
  body: string;
  /** One line for SMS. */
  short: string;
}

export function render(event: Pick<AlarmEvent, 'action'>, alarm: Alarm, lang: Language): Rendered {
  const t = TEXT[lang];
  const title = alarm.message ? (lang === 'en' ? alarm.message.en : alarm.message.zh) : alarm.ruleName;
  const level = event.action === 'escalated' ? ` L${alarm.escalationLevel}` : '';
  const subject = `[${t.severity[alarm.severity]}] ${t.action[event.action]}${level}: ${title}`;
  const body = [
    subject,
    `${t.labels.source}: ${alarm.sourceId}`,
    `${t.labels.area}: ${alarm.divisionCode ?? '-'}`,
    `${t.labels.time}: ${shanghaiText(alarm.firstSeenAt)} (UTC+8)`,
    `${t.labels.state}: ${t.state[alarm.state]}`,
    `${t.labels.count}: ${alarm.count}`,
    ...(alarm.escalationLevel ? [`${t.labels.level}: ${alarm.escalationLevel}`] : []),
    `ID: ${alarm.id}`,
  ].join('\n');
  return { subject, body, short: `${subject} (${alarm.sourceId}, ${shanghaiText(alarm.firstSeenAt)})` };
}
