import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assignAlarm } from '../../api/alarms';
import type { Alarm } from '../../api/alarms';
import { useAuth } from '../../auth/auth-context';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ProblemMessage } from '../../components/ProblemMessage';
import { ColleaguePicker } from '../../components/ColleaguePicker';
import { useCan } from '../../hooks/use-can';

export interface AssignDialogProps {
  alarm: Alarm;
  onDone: (alarm: Alarm) => void;
  onClose: () => void;
}

/**
 * Assign the alarm to oneself or to a colleague found in one's own scope (the user directory,
 * departments:read); or take the assignment back.
 */
export function AssignDialog({ alarm, onDone, onClose }: AssignDialogProps) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const can = useCan();
  const mayPick = can('departments:read');
  const [target, setTarget] = useState<'me' | 'other'>('me');
  const [other, setOther] = useState('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const assignee = target === 'me' ? (user?.id ?? '') : other;

  const send = async (to: string | null) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await assignAlarm(alarm.id, to, comment.trim() || undefined));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (assignee) void send(assignee);
  };

  return (
    <Dialog title={t('alarms.assign.title')} onClose={onClose} testId="assign-dialog">
      <form className="alarm-form" onSubmit={submit}>
        <fieldset className="alarm-form__choice">
          <legend>{t('alarms.assign.to')}</legend>
          <label className="checkbox">
            <input type="radio" name="assign-target" checked={target === 'me'} onChange={() => setTarget('me')} data-testid="assign-me" />
            {t('alarms.detail.me', { name: user?.displayName ?? '' })}
          </label>
          {mayPick && (
            <label className="checkbox">
              <input type="radio" name="assign-target" checked={target === 'other'} onChange={() => setTarget('other')} data-testid="assign-other" />
              {t('alarms.assign.other')}
            </label>
          )}
        </fieldset>
        {mayPick && target === 'other' && <ColleaguePicker value={other} onChange={setOther} />}
        {!mayPick && <p className="field__hint">{t('alarms.assign.selfOnly')}</p>}
        <Field label={t('alarms.comment.optional')}>
          <textarea className="alarm-textarea" rows={3} maxLength={4000} value={comment} onChange={(event) => setComment(event.target.value)} data-testid="assign-comment" />
        </Field>
        <ProblemMessage error={error} />
        <div className="form-actions">
          <button type="button" className="button button--ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          {alarm.assignee && (
            <button type="button" className="button button--ghost" disabled={busy} onClick={() => void send(null)} data-testid="unassign">
              {t('alarms.assign.unassign')}
            </button>
          )}
          <button type="submit" className="button button--primary" disabled={busy || !assignee} aria-busy={busy} data-testid="assign-submit">
            {t('alarms.assign.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
