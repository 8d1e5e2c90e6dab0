import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_OUTCOMES } from '../../../api/admin-types';
import type { AuditOutcome } from '../../../api/admin-types';
import { Field } from '../../../components/Field';
import { KNOWN_ACTIONS } from './audit-actions';

export interface AuditFilterValues {
  from: string;
  to: string;
  actor: string;
  action: string;
  outcome: '' | AuditOutcome;
  objectType: string;
  objectId: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilterValues = { from: '', to: '', actor: '', action: '', outcome: '', objectType: '', objectId: '' };

/** The filter form; applied on submit so a half-typed action is not sent. */
export function AuditFilters({ value, onApply }: { value: AuditFilterValues; onApply: (value: AuditFilterValues) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(value);
  const actionList = useId();
  const set = (key: keyof AuditFilterValues) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply({ ...draft, action: draft.action.trim(), actor: draft.actor.trim(), objectType: draft.objectType.trim(), objectId: draft.objectId.trim() });
  };
  return (
    <form className="filters filters--audit" role="search" aria-label={t('audit.filters')} onSubmit={submit} data-testid="audit-filters">
      <Field label={t('audit.from')}>
        <input type="datetime-local" name="from" value={draft.from} onChange={set('from')} />
      </Field>
      <Field label={t('audit.to')}>
        <input type="datetime-local" name="to" value={draft.to} onChange={set('to')} />
      </Field>
      <Field label={t('audit.columns.actor')}>
        <input name="actor" value={draft.actor} onChange={set('actor')} autoComplete="off" />
      </Field>
      <Field label={t('audit.columns.action')}>
        <input name="action" value={draft.action} onChange={set('action')} list={actionList} autoComplete="off" spellCheck={false} placeholder="identity." />
      </Field>
      <datalist id={actionList}>
        {KNOWN_ACTIONS.map((action) => (
          <option key={action} value={action} />
        ))}
      </datalist>
      <Field label={t('audit.columns.outcome')}>
        <select name="outcome" value={draft.outcome} onChange={set('outcome')}>
          <option value="">{t('audit.anyOutcome')}</option>
          {AUDIT_OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {t(`audit.outcomes.${outcome}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('audit.objectType')}>
        <input name="objectType" value={draft.objectType} onChange={set('objectType')} autoComplete="off" />
      </Field>
      <Field label={t('audit.objectId')}>
        <input name="objectId" value={draft.objectId} onChange={set('objectId')} autoComplete="off" />
      </Field>
      <div className="filters__buttons">
        <p className="filters__note">{t('audit.filterNote')}</p>
        <button type="submit" className="button button--primary" data-testid="audit-apply">
          {t('audit.apply')}
        </button>
        <button
          type="button"
          className="button button--ghost"
          onClick={() => {
            setDraft(EMPTY_AUDIT_FILTERS);
            onApply(EMPTY_AUDIT_FILTERS);
          }}
        >
          {t('audit.reset')}
        </button>
      </div>
    </form>
  );
}
