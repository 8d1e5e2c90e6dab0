import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { acknowledgeAlarm, alarmHistory, clearAlarm, getAlarm } from '../../api/alarms';
import type { Alarm, AlarmStreamData } from '../../api/alarms';
import { Badge } from '../../components/Badge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useApi } from '../../hooks/use-api';
import { useCan } from '../../hooks/use-can';
import { useCounties } from '../../hooks/use-counties';
import { useDepartments } from '../../hooks/use-departments';
import { SEVERITY_COLORS } from '../../map/layers/alarm-layer';
import { useStream } from '../../realtime/use-stream';
import { AlarmFacts } from './AlarmFacts';
import { AlarmHistory } from './AlarmHistory';
import { STATE_TONES } from './alarm-format';
import { AssignDialog } from './AssignDialog';
import { CommentForm } from './CommentForm';
import './alarms.css';
import './alarm-page.css';

/**
 * One alarm: what, where and since when; acknowledge, assign, comment and clear (alarms:ack);
 * its history. Changes by anyone arrive over the `alarms` topic and refresh the page.
 */
export default function AlarmPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const counties = useCounties();
  const departments = useDepartments();
  const id = decodeURIComponent(useParams().id ?? '');
  const alarm = useApi((signal) => getAlarm(id, signal), id);
  const history = useApi((signal) => alarmHistory(id, signal), id);
  const [dialog, setDialog] = useState<'assign' | 'clear' | null>(null);
  const [clearComment, setClearComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const zh = i18n.language.startsWith('zh');

  const refresh = () => {
    alarm.reload();
    history.reload();
  };
  useStream(['alarms'], (event) => {
    if ((event.data as AlarmStreamData | null)?.alarm?.id === id) refresh();
  });

  const done = (_updated: Alarm) => {
    setDialog(null);
    setClearComment('');
    setActionError(null);
    refresh();
  };
  const acknowledge = async () => {
    setBusy(true);
    setActionError(null);
    try {
      done(await acknowledgeAlarm(id));
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  };

  const a = alarm.data;
  const mayAct = can('alarms:ack');
  const title = a ? ((zh ? a.message?.zh : a.message?.en) ?? a.ruleName) : t('pages.alarm.title');
  return (
    <div className="page alarm-page" data-testid="alarm-page" data-state={a?.state ?? ''} data-assignee={a?.assignee ?? ''}>
      <p className="alarm-page__back">
        <Link to="/alarms">{t('alarms.detail.back')}</Link>
      </p>
      <div className="page__head alarm-page__head">
        <div className="alarm-page__title">
          <h1>{title}</h1>
          {a && (
            <p className="alarm-page__badges" aria-live="polite">
              <span className="alarm-severity" style={{ background: SEVERITY_COLORS[a.severity] }} data-testid="alarm-severity">
                {t(`alarms.severity.${a.severity}`)}
              </span>
              <span data-testid="alarm-state">
                <Badge tone={STATE_TONES[a.state]}>{t(`alarms.state.${a.state}`)}</Badge>
              </span>
              <span className="alarm-page__id">{a.id}</span>
            </p>
          )}
        </div>
        {a && mayAct && (
          <div className="page__actions alarm-page__actions">
            {!a.acknowledged && (
              <button type="button" className="button button--primary" disabled={busy} aria-busy={busy} onClick={() => void acknowledge()} data-testid="alarm-acknowledge">
                {t('alarms.acknowledge')}
              </button>
            )}
            {a.state !== 'cleared_ack' && (
              <button type="button" className="button button--ghost" onClick={() => setDialog('assign')} data-testid="alarm-assign">
                {a.assignee ? t('alarms.assign.reassign') : t('alarms.assign.open')}
              </button>
            )}
            {a.active && (
              <button type="button" className="button button--danger" onClick={() => setDialog('clear')} data-testid="alarm-clear">
                {t('alarms.clear')}
              </button>
            )}
          </div>
        )}
      </div>
      {alarm.error !== null && !a && <ProblemMessage error={alarm.error} />}
      {actionError !== null && <ProblemMessage error={actionError} />}
      {!a && alarm.loading && <p className="muted" role="status">{t('common.loading')}</p>}
      {a && (
        <div className="alarm-page__grid">
          <section className="alarm-page__card" aria-labelledby="alarm-facts-title">
            <h2 id="alarm-facts-title">{t('alarms.detail.facts')}</h2>
            <AlarmFacts alarm={a} countyNames={counties.names} departmentNames={departments.names} />
          </section>
          <section className="alarm-page__card" aria-labelledby="alarm-history-title">
            <h2 id="alarm-history-title">{t('alarms.history.title')}</h2>
            {mayAct && <CommentForm alarmId={a.id} onDone={done} />}
            {history.error !== null && <ProblemMessage error={history.error} />}
            {history.data && <AlarmHistory entries={history.data} ruleName={a.ruleName} />}
          </section>
        </div>
      )}
      {a && dialog === 'assign' && <AssignDialog alarm={a} onDone={done} onClose={() => setDialog(null)} />}
      {a && dialog === 'clear' && (
        <ConfirmDialog
          title={t('alarms.clearDialog.title')}
          confirmLabel={t('alarms.clear')}
          danger
          onConfirm={async () => done(await clearAlarm(a.id, clearComment.trim() || undefined))}
          onClose={() => setDialog(null)}
        >
          <p>{t('alarms.clearDialog.body', { title })}</p>
          <Field label={t('alarms.comment.optional')}>
            <textarea className="alarm-textarea" rows={3} maxLength={4000} value={clearComment} onChange={(event) => setClearComment(event.target.value)} data-testid="clear-comment" />
          </Field>
        </ConfirmDialog>
      )}
    </div>
  );
}
