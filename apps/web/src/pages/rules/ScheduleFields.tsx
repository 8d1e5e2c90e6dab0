import { useTranslation } from 'react-i18next';
import type { RuleSchedule } from '../../api/rules';
import { Field } from '../../components/Field';
import { ListInput } from './ListInput';
import { TimeInput } from './TimeInput';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

interface Props {
  schedule: RuleSchedule | undefined;
  onChange: (schedule: RuleSchedule) => void;
  error: string | null;
}

/** When the rule applies (Asia/Shanghai): one hour range, weekdays, excluded dates; more in the JSON tab. */
export function ScheduleFields({ schedule, onChange, error }: Props) {
  const { t } = useTranslation();
  const s = schedule ?? {};
  const range = s.hours?.[0];
  const setRange = (from: string, to: string) => {
    const rest = s.hours?.slice(1) ?? [];
    onChange({ ...s, hours: from || to ? [{ from, to }, ...rest] : rest });
  };
  const weekdays = new Set(s.weekdays ?? []);
  const toggleDay = (day: number, on: boolean) => {
    const next = new Set(weekdays);
    if (on) next.add(day);
    else next.delete(day);
    onChange({ ...s, weekdays: [...next].sort() });
  };
  return (
    <fieldset className="rules-form__section form-grid" data-testid="schedule-fields">
      <legend>{t('rules.schedule.title')}</legend>
      <p className="muted rules-form__note form-grid__wide">{t('rules.schedule.intro')}</p>
      <Field label={t('rules.schedule.from')} error={error}>
        <TimeInput name="schedule.from" value={range?.from ?? ''} onChange={(v) => setRange(v, range?.to ?? '')} data-testid="schedule-from" />
      </Field>
      <Field label={t('rules.schedule.to')} hint={(s.hours?.length ?? 0) > 1 ? t('rules.schedule.moreRanges', { count: (s.hours?.length ?? 1) - 1 }) : undefined}>
        <TimeInput name="schedule.to" value={range?.to ?? ''} onChange={(v) => setRange(range?.from ?? '', v)} data-testid="schedule-to" />
      </Field>
      <fieldset className="rules-weekdays form-grid__wide">
        <legend>{t('rules.schedule.weekdays')}</legend>
        {WEEKDAYS.map((day) => (
          <label key={day} className="checkbox">
            <input type="checkbox" checked={weekdays.has(day)} onChange={(e) => toggleDay(day, e.target.checked)} />
            <span>{t(`rules.schedule.day${day}`)}</span>
          </label>
        ))}
      </fieldset>
      <Field label={t('rules.schedule.excludeDates')} hint={t('rules.schedule.excludeDatesHint')} className="form-grid__wide">
        <ListInput name="schedule.excludeDates" value={s.excludeDates} placeholder="2026-10-01, 2026-10-02" onChange={(excludeDates) => onChange({ ...s, excludeDates })} />
      </Field>
    </fieldset>
  );
}
