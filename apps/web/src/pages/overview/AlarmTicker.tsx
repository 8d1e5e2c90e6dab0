import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Alarm } from '../../api/alarms';
import { SEVERITY_COLORS } from '../../map/layers/alarm-layer';
import { useFormatDateTime } from '../../i18n/use-format-date-time';

export interface AlarmTickerProps {
  alarms: readonly Alarm[];
  onPick: (alarm: Alarm) => void;
}

const SHOWN = 4;

/** The latest open alarms, live from the `alarms` topic. */
export function AlarmTicker({ alarms, onPick }: AlarmTickerProps) {
  const { t, i18n } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const zh = i18n.language.startsWith('zh');
  return (
    <section className="alarm-ticker" aria-labelledby="alarm-ticker-title" data-testid="alarm-ticker">
      <h2 id="alarm-ticker-title" className="alarm-ticker__title">
        {t('overview.ticker.title')} <span className="layer-panel__count">{alarms.length}</span>
        <Link to="/alarms" className="alarm-ticker__all">
          {t('overview.ticker.all')}
        </Link>
      </h2>
      {alarms.length === 0 && <p className="muted alarm-ticker__empty">{t('overview.ticker.none')}</p>}
      <ul className="alarm-ticker__list" aria-live="polite">
        {alarms.slice(0, SHOWN).map((alarm) => (
          <li key={alarm.id} data-alarm-id={alarm.id} data-severity={alarm.severity}>
            <button type="button" className="alarm-ticker__item" onClick={() => onPick(alarm)}>
              <span className="alarm-ticker__severity" style={{ background: SEVERITY_COLORS[alarm.severity] }}>
                {t(`alarms.severity.${alarm.severity}`)}
              </span>
              <span className="alarm-ticker__text">{(zh ? alarm.message?.zh : alarm.message?.en) ?? alarm.ruleName}</span>
              <time className="alarm-ticker__time" dateTime={alarm.raisedAt}>
                {formatDateTime(alarm.raisedAt)}
              </time>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
