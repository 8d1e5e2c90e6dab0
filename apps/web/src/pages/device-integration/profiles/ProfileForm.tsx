import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { PROFILE_PROTOCOLS } from '../../../api/device-profiles';
import type { ProfileProtocol } from '../../../api/device-profiles';
import { Field } from '../../../components/Field';
import { AttributesEditor } from './AttributesEditor';
import { durationText } from './duration-text';
import { INACTIVITY_MAX, INACTIVITY_MIN } from './profile-draft';
import type { ProfileDraft } from './profile-draft';

export type ProfileFieldErrors = Partial<Record<'id' | 'name' | 'description' | 'entityType' | 'protocol' | 'expression' | 'attributes' | 'strict' | 'inactivitySeconds', string>>;

interface Props {
  draft: ProfileDraft;
  onChange: (next: ProfileDraft) => void;
  errors: ProfileFieldErrors;
  isNew: boolean;
  /** Entity types of the other profiles, offered as suggestions. */
  entityTypes: readonly string[];
}

/** The fields of a profile (packages/devices/src/schemas.ts `ProfileInput`); disabled by the fieldset around it. */
export function ProfileForm({ draft, onChange, errors, isNew, entityTypes }: Props) {
  const { t } = useTranslation();
  const listId = useId();
  const mappingName = useId();
  const strictHint = useId();
  const set = <K extends keyof ProfileDraft>(key: K, value: ProfileDraft[K]) => onChange({ ...draft, [key]: value });
  const seconds = Number(draft.inactivitySeconds);
  const secondsHint = Number.isInteger(seconds) && seconds >= INACTIVITY_MIN ? `${t('deviceProfiles.form.inactivityHint')} ${durationText(t, seconds)}` : t('deviceProfiles.form.inactivityHint');

  return (
    <div className="di-form" data-testid="profile-form">
      <div className="form-grid">
        <Field label={t('deviceProfiles.form.id')} hint={isNew ? t('deviceProfiles.form.idHint') : undefined} error={errors.id} required={isNew}>
          <input name="id" className="di-mono" autoComplete="off" spellCheck={false} maxLength={64} value={draft.id} readOnly={!isNew} onChange={(e) => set('id', e.target.value)} data-testid="profile-id" />
        </Field>
        <Field label={t('deviceProfiles.form.name')} error={errors.name} required>
          <input name="name" autoComplete="off" maxLength={200} value={draft.name} onChange={(e) => set('name', e.target.value)} data-testid="profile-name" />
        </Field>
        <Field label={t('deviceProfiles.form.entityType')} hint={t('deviceProfiles.form.entityTypeHint')} error={errors.entityType} required>
          <input name="entityType" className="di-mono" autoComplete="off" spellCheck={false} maxLength={100} list={listId} value={draft.entityType} onChange={(e) => set('entityType', e.target.value)} data-testid="profile-entity-type" />
        </Field>
        <datalist id={listId}>
          {entityTypes.map((type) => <option key={type} value={type} />)}
        </datalist>
        <Field label={t('deviceProfiles.form.protocol')} hint={t('deviceProfiles.form.protocolHint')} error={errors.protocol}>
          <select name="protocol" value={draft.protocol} onChange={(e) => set('protocol', e.target.value as ProfileProtocol)} data-testid="profile-protocol">
            {PROFILE_PROTOCOLS.map((p) => <option key={p} value={p}>{t(`deviceProfiles.protocols.${p}`)}</option>)}
          </select>
        </Field>
        <Field label={t('deviceProfiles.form.description')} error={errors.description} className="form-grid__wide">
          <textarea name="description" rows={2} maxLength={2000} value={draft.description} onChange={(e) => set('description', e.target.value)} data-testid="profile-description" />
        </Field>
      </div>

      <fieldset className="di-fieldset">
        <legend>{t('deviceProfiles.form.mapping')}</legend>
        <div className="di-radios">
          {(['jsonata', 'flat'] as const).map((kind) => (
            <label key={kind} className="checkbox">
              <input type="radio" name={mappingName} value={kind} checked={draft.mapping === kind} onChange={() => set('mapping', kind)} data-testid={`profile-mapping-${kind}`} />
              <span>{kind === 'jsonata' ? t('deviceProfiles.mappingJsonata') : t('deviceProfiles.mappingFlat')}</span>
            </label>
          ))}
        </div>
        {draft.mapping === 'jsonata' ? (
          <Field label={t('deviceProfiles.form.expression')} hint={t('deviceProfiles.form.expressionHint')} error={errors.expression}>
            <textarea name="expression" className="di-code" rows={10} spellCheck={false} autoCapitalize="off" autoCorrect="off" maxLength={20000} value={draft.expression} onChange={(e) => set('expression', e.target.value)} data-testid="profile-expression" />
          </Field>
        ) : (
          <p className="muted di-flat-hint">{t('deviceProfiles.form.flatHint')}</p>
        )}
      </fieldset>

      <AttributesEditor rows={draft.attributes} onChange={(attributes) => set('attributes', attributes)} error={errors.attributes} />

      <div className="form-grid">
        <Field label={t('deviceProfiles.form.inactivity')} hint={secondsHint} error={errors.inactivitySeconds} required>
          <input name="inactivitySeconds" type="number" inputMode="numeric" min={INACTIVITY_MIN} max={INACTIVITY_MAX} step={1} value={draft.inactivitySeconds} onChange={(e) => set('inactivitySeconds', e.target.value)} data-testid="profile-inactivity" />
        </Field>
        <div className="field di-strict">
          <label className="checkbox">
            <input type="checkbox" name="strict" checked={draft.strict} onChange={(e) => set('strict', e.target.checked)} aria-describedby={strictHint} data-testid="profile-strict" />
            <span>{t('deviceProfiles.form.strict')}</span>
          </label>
          <p id={strictHint} className="field__hint">{t('deviceProfiles.form.strictHint')}</p>
        </div>
      </div>
    </div>
  );
}
