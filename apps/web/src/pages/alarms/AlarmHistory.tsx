import { useTranslation } from 'react-i18next';
import type { AlarmHistoryEntry } from '../../api/alarms';
import { useFormatDateTime } from '../../i18n/use-format-date-time';
import { actorKind, formatAlarmValue } from './alarm-format';
import { UserName } from './UserName';

const KNOWN_ACTIONS = new Set(['raised', 'reopened', 'repeated', 'acknowledged', 'assigned', 'commented', 'cleared', 'escalated']);
const KNOWN_STATES = new Set(['active_unack', 'active_ack', 'cleared_unack', 'cleared_ack']);

export interface AlarmHistoryProps {
  entries: readonly AlarmHistoryEntry[];
  ruleName: string;
}

/** The alarm's transitions and comments, newest first: what, who, when, and what they wrote. */
export function AlarmHistory({ entries, ruleName }: AlarmHistoryProps) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const stateLabel = (state: string | null) => (state && KNOWN_STATES.has(state) ? t(`alarms.state.${state}`) : (state ?? ''));
  const actorLabel = (actor: string | null) => {
    const kind = actorKind(actor);
    if (kind === 'rule') return t('alarms.history.byRule', { rule: ruleName });
    if (kind === 'system') return t('alarms.history.bySystem');
    return actor ?? '';
  };

  if (entries.length === 0) return <p className="muted">{t('alarms.history.empty')}</p>;
  return (
    <ol className="alarm-timeline" data-testid="alarm-history">
      {[...entries].reverse().map((entry) => {
        const assignee = typeof entry.detail.assignee === 'string' ? entry.detail.assignee : null;
        const level = typeof entry.detail.level === 'number' ? entry.detail.level : null;
        const showValue = actorKind(entry.actor) === 'rule' && 'value' in entry.detail;
        return (
          <li key={entry.id} className={`alarm-timeline__item alarm-timeline__item--${entry.action}`} data-action={entry.action}>
            <div className="alarm-timeline__head">
              <strong className="alarm-timeline__what">{KNOWN_ACTIONS.has(entry.action) ? t(`alarms.history.actions.${entry.action}`) : entry.action}</strong>
              {entry.fromState !== entry.toState && entry.toState && (
                <span className="alarm-timeline__states">
                  {entry.fromState ? `${stateLabel(entry.fromState)} → ${stateLabel(entry.toState)}` : stateLabel(entry.toState)}
                </span>
              )}
            </div>
            <p className="alarm-timeline__meta">
              <span className="alarm-timeline__who" data-testid="history-actor">
                {actorLabel(entry.actor)}
              </span>
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
            </p>
            {entry.action === 'assigned' && (
              <p className="alarm-timeline__detail">
                {assignee ? (
                  <>
                    {t('alarms.history.assignedTo')} <UserName id={assignee} plain />
                  </>
                ) : (
                  t('alarms.history.unassigned')
                )}
              </p>
            )}
            {level !== null && <p className="alarm-timeline__detail">{t('alarms.detail.escalatedTo', { level })}</p>}
            {showValue && <p className="alarm-timeline__detail">{t('alarms.history.value', { value: formatAlarmValue(entry.detail.value) })}</p>}
            {entry.comment && (
              <blockquote className="alarm-timeline__comment" data-testid="history-comment">
                {entry.comment}
              </blockquote>
            )}
          </li>
        );
      })}
    </ol>
  );
}
