import { useTranslation } from 'react-i18next';
import type { RulesHealth } from '../../api/rules';
import { fetchRulesHealth } from '../../api/rules';
import { Badge } from '../../components/Badge';
import type { BadgeTone } from '../../components/Badge';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useApi } from '../../hooks/use-api';
import { useFormatDateTime } from '../../i18n/use-format-date-time';

const TONES: Record<RulesHealth['status'], BadgeTone> = { ok: 'ok', lagging: 'warning', stalled: 'danger', stopped: 'neutral' };

/** The engine at a glance (`GET /rules/health`): state, rules loaded, backlog, errors per rule. */
export function RulesHealthSummary({ names }: { names: Map<string, string> }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const health = useApi((signal) => fetchRulesHealth(signal), 'rules-health');
  const h = health.data;
  if (health.error) return <ProblemMessage error={health.error} testId="rules-health-error" />;
  if (!h) return null;
  return (
    <section className="rules-health" aria-label={t('rules.health.title')} data-testid="rules-health" data-status={h.status}>
      <dl className="rules-health__facts">
        <div>
          <dt>{t('rules.health.engine')}</dt>
          <dd><Badge tone={TONES[h.status]}>{t(`rules.health.status.${h.status}`)}</Badge></dd>
        </div>
        <div>
          <dt>{t('rules.health.loaded')}</dt>
          <dd data-testid="rules-loaded">{h.rulesLoaded}</dd>
        </div>
        <div>
          <dt>{t('rules.health.queue')}</dt>
          <dd>{t('rules.health.queueValue', { depth: h.queueDepth, lag: (h.lagMs / 1000).toFixed(1) })}</dd>
        </div>
        <div>
          <dt>{t('rules.health.points')}</dt>
          <dd>{h.pointsProcessed.toLocaleString()}</dd>
        </div>
        <div>
          <dt>{t('rules.health.signals')}</dt>
          <dd>{h.signalsEmitted.toLocaleString()}</dd>
        </div>
        <div>
          <dt>{t('rules.health.lastProcessed')}</dt>
          <dd>{h.lastProcessedAt ? formatDateTime(h.lastProcessedAt) : '—'}</dd>
        </div>
        <div>
          <dt>{t('rules.health.history')}</dt>
          <dd>{h.historySource ? t('rules.health.historyYes') : t('rules.health.historyNo')}</dd>
        </div>
      </dl>
      {h.errors.length > 0 && (
        <ul className="rules-health__errors" data-testid="rules-health-errors">
          {h.errors.map((e) => (
            <li key={e.ruleId}>
              {t('rules.health.ruleError', { rule: names.get(e.ruleId) ?? e.ruleId, count: e.count, at: formatDateTime(e.lastAt) })} <span className="mono">{e.lastError}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
