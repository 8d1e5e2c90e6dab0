import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { commentAlarm } from '../../api/alarms';
import type { Alarm } from '../../api/alarms';
import { ProblemMessage } from '../../components/ProblemMessage';

/** A note on the alarm's record (what was seen, who was called); it joins the history. */
export function CommentForm({ alarmId, onDone }: { alarmId: string; onDone: (alarm: Alarm) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await commentAlarm(alarmId, text.trim()));
      setText('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="alarm-comment" onSubmit={(event) => void submit(event)} data-testid="comment-form">
      <label htmlFor={id} className="visually-hidden">
        {t('alarms.comment.label')}
      </label>
      <textarea
        id={id}
        className="alarm-textarea"
        rows={3}
        maxLength={4000}
        value={text}
        placeholder={t('alarms.comment.placeholder')}
        onChange={(event) => setText(event.target.value)}
        data-testid="comment-text"
      />
      <ProblemMessage error={error} />
      <div className="alarm-comment__actions">
        <button type="submit" className="button button--primary" disabled={busy || !text.trim()} aria-busy={busy} data-testid="comment-submit">
          {t('alarms.comment.submit')}
        </button>
      </div>
    </form>
  );
}
