import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEAD_LETTER_REASONS } from '../../api/devices';
import { Field } from '../../components/Field';

export interface DeadLetterFilterValues {
  reason: string;
  device: string;
}

interface Props {
  value: DeadLetterFilterValues;
  onChange: (value: DeadLetterFilterValues) => void;
}

/** Reason code and device id (exact, as the API matches them); the id applies after a short pause. */
export function DeadLetterFilters({ value, onChange }: Props) {
  const { t } = useTranslation();
  const [device, setDevice] = useState(value.device);

  useEffect(() => setDevice(value.device), [value.device]);
  useEffect(() => {
    if (device.trim() === value.device) return;
    const timer = window.setTimeout(() => onChange({ ...value, device: device.trim() }), 400);
    return () => window.clearTimeout(timer);
  }, [device, value, onChange]);

  return (
    <form
      className="device-filters dead-letter-filters"
      role="search"
      aria-label={t('deadLetters.filters')}
      onSubmit={(event) => {
        event.preventDefault();
        onChange({ ...value, device: device.trim() });
      }}
    >
      <Field label={t('deadLetters.reason')}>
        <select value={value.reason} onChange={(event) => onChange({ ...value, reason: event.target.value })} data-testid="dead-letter-filter-reason">
          <option value="">{t('deadLetters.allReasons')}</option>
          {DEAD_LETTER_REASONS.map((code) => (
            <option key={code} value={code}>
              {t(`deadLetters.reasons.${code}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('deadLetters.device')} hint={t('deadLetters.deviceHint')}>
        <input type="search" name="device" maxLength={100} value={device} placeholder={t('deadLetters.devicePlaceholder')} onChange={(event) => setDevice(event.target.value)} data-testid="dead-letter-filter-device" />
      </Field>
    </form>
  );
}
