import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotificationPreferences, NotifyChannel, NotifySeverity } from '../../api/notify';
import { NOTIFY_CHANNELS, NOTIFY_SEVERITIES, saveMyPreferences } from '../../api/notify';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { DivisionSelect } from '../../components/DivisionSelect';
import { Field } from '../../components/Field';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useCounties } from '../../hooks/use-counties';
import { useDepartments } from '../../hooks/use-departments';
import { useFormSubmit } from '../../hooks/use-form-submit';
import { TimeInput } from '../rules/TimeInput';

const LEVELS = [0, 1, 2, 3] as const;
const DEFAULT_QUIET = { from: '22:00', to: '07:00' };

/** Channels per severity, contact addresses, quiet hours, the area followed and the template language. */
export function PreferencesForm({ initial, onSaved }: { initial: NotificationPreferences; onSaved: (saved: NotificationPreferences) => void }) {
  const { t } = useTranslation();
  const counties = useCounties();
  const departments = useDepartments();
  const submit = useFormSubmit();
  const [prefs, setPrefs] = useState<NotificationPreferences>(initial);
  const [saved, setSaved] = useState(false);
  const set = <K extends keyof NotificationPreferences>(key: K, value: NotificationPreferences[K]) => {
    setPrefs((p) => ({ ...p, [key]: value }));
    setSaved(false);
  };
  const toggle = (severity: NotifySeverity, channel: NotifyChannel, on: boolean) => {
    const current = new Set(prefs.channels[severity]);
    if (on) current.add(channel);
    else current.delete(channel);
    set('channels', { ...prefs.channels, [severity]: NOTIFY_CHANNELS.filter((c) => current.has(c)) });
  };
  const uses = (channel: NotifyChannel) => NOTIFY_SEVERITIES.some((s) => prefs.channels[s].includes(channel));
  const errors = submit.fieldErrors;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const body = { ...prefs, email: prefs.email?.trim() || null, phone: prefs.phone?.trim() || null };
      const result = await saveMyPreferences(body);
      setPrefs(result);
      setSaved(true);
      onSaved(result);
    });
  };

  return (
    <form className="notify-form" onSubmit={onSubmit} noValidate data-testid="preferences-form">
      <fieldset className="notify-section">
        <legend>{t('notifications.channels.title')}</legend>
        <p className="muted notify-note">{t('notifications.channels.intro')}</p>
        <div className="notify-matrix-wrap">
          <table className="data-table notify-matrix" data-testid="channel-matrix">
            <caption className="visually-hidden">{t('notifications.channels.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('notifications.channels.severity')}</th>
                {NOTIFY_CHANNELS.map((c) => <th key={c} scope="col">{t(`notifications.channel.${c}`)}</th>)}
              </tr>
            </thead>
            <tbody>
              {NOTIFY_SEVERITIES.map((s) => (
                <tr key={s}>
                  <th scope="row"><span className={`notify-severity notify-severity--${s}`}>{t(`notifications.severity.${s}`)}</span></th>
                  {NOTIFY_CHANNELS.map((c) => (
                    <td key={c}>
                      <input
                        type="checkbox"
                        className="notify-check"
                        checked={prefs.channels[s].includes(c)}
                        onChange={(e) => toggle(s, c, e.target.checked)}
                        aria-label={t('notifications.channels.cell', { severity: t(`notifications.severity.${s}`), channel: t(`notifications.channel.${c}`) })}
                        data-testid={`channel-${s}-${c}`}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted notify-note">{t('notifications.rateLimit')}</p>
        <div className="notify-cap">
          <Field label={t('notifications.maxPerHour.label')} hint={t('notifications.maxPerHour.hint')} error={errors.maxPerHour}>
            <input
              type="number"
              name="maxPerHour"
              min={1}
              max={1000}
              value={prefs.maxPerHour ?? ''}
              placeholder={t('notifications.maxPerHour.placeholder')}
              onChange={(e) => set('maxPerHour', e.target.value === '' ? null : Number(e.target.value))}
              data-testid="pref-max-per-hour"
            />
          </Field>
        </div>
        <p className="muted notify-note">{t('notifications.channels.webhookNote')}</p>
      </fieldset>

      <fieldset className="notify-section form-grid">
        <legend>{t('notifications.contact.title')}</legend>
        <Field label={t('notifications.contact.email')} error={errors.email ?? (uses('email') && !prefs.email ? t('notifications.contact.emailMissing') : null)}>
          <input type="email" name="email" value={prefs.email ?? ''} maxLength={200} autoComplete="email" onChange={(e) => set('email', e.target.value)} data-testid="pref-email" />
        </Field>
        <Field label={t('notifications.contact.phone')} hint={t('notifications.contact.phoneHint')} error={errors.phone ?? (uses('sms') && !prefs.phone ? t('notifications.contact.phoneMissing') : null)}>
          <input type="tel" name="phone" value={prefs.phone ?? ''} autoComplete="tel" onChange={(e) => set('phone', e.target.value)} data-testid="pref-phone" />
        </Field>
        <Field label={t('notifications.language.label')} hint={t('notifications.language.hint')}>
          <select name="language" value={prefs.language} onChange={(e) => set('language', e.target.value as NotificationPreferences['language'])} data-testid="pref-language">
            <option value="zh-CN">{t('languages.zh-CN')}</option>
            <option value="en">{t('languages.en')}</option>
          </select>
        </Field>
      </fieldset>

      <fieldset className="notify-section form-grid">
        <legend>{t('notifications.quiet.title')}</legend>
        <label className="checkbox form-grid__wide">
          <input type="checkbox" checked={prefs.quietHours !== null} onChange={(e) => set('quietHours', e.target.checked ? DEFAULT_QUIET : null)} data-testid="pref-quiet" />
          <span>{t('notifications.quiet.enable')}</span>
        </label>
        {prefs.quietHours && (
          <>
            <Field label={t('notifications.quiet.from')} error={errors.quietHours}>
              <TimeInput name="quietFrom" value={prefs.quietHours.from} onChange={(from) => set('quietHours', { from, to: prefs.quietHours?.to ?? '' })} data-testid="pref-quiet-from" />
            </Field>
            <Field label={t('notifications.quiet.to')}>
              <TimeInput name="quietTo" value={prefs.quietHours.to} onChange={(to) => set('quietHours', { from: prefs.quietHours?.from ?? '', to })} data-testid="pref-quiet-to" />
            </Field>
          </>
        )}
        <p className="muted notify-note form-grid__wide">{t('notifications.quiet.hint')}</p>
      </fieldset>

      <fieldset className="notify-section form-grid">
        <legend>{t('notifications.scope.title')}</legend>
        <Field label={t('notifications.scope.division')} error={errors.divisionCode}>
          <DivisionSelect region={counties.region} counties={counties.counties} value={prefs.divisionCode ?? ''} emptyLabel={t('notifications.scope.anyDivision')} onChange={(code) => set('divisionCode', code || null)} testId="pref-division" />
        </Field>
        <Field label={t('notifications.scope.department')} error={errors.departmentId}>
          <DepartmentSelect departments={departments.flat} value={prefs.departmentId ?? ''} emptyLabel={t('notifications.scope.anyDepartment')} onChange={(id) => set('departmentId', id || null)} testId="pref-department" />
        </Field>
        <Field label={t('notifications.scope.escalation')} hint={t('notifications.scope.escalationHint')} error={errors.minEscalationLevel}>
          <select name="minEscalationLevel" value={prefs.minEscalationLevel} onChange={(e) => set('minEscalationLevel', Number(e.target.value))} data-testid="pref-escalation">
            {LEVELS.map((l) => <option key={l} value={l}>{l === 0 ? t('notifications.scope.onRaise') : t('notifications.scope.onLevel', { level: l })}</option>)}
          </select>
        </Field>
      </fieldset>

      <ProblemMessage error={submit.error} testId="preferences-error" />
      <div className="notify-actions">
        {saved && <p className="notice notify-saved" role="status" data-testid="preferences-saved">{t('notifications.saved')}</p>}
        <button type="submit" className="button button--primary" disabled={submit.busy} aria-busy={submit.busy} data-testid="preferences-save">
          {submit.busy ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  );
}
