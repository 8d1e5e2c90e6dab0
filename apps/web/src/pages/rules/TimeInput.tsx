import type { InputHTMLAttributes } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  value: string;
  onChange: (value: string) => void;
};

/**
 * `HH:MM` on the 24-hour Beijing clock as text: a time picker follows the browser's locale
 * (AM/PM in an English browser), which misleads for Asia/Shanghai wall-clock hours. The
 * server checks the pattern and says which field is wrong.
 */
export function TimeInput({ value, onChange, ...rest }: Props) {
  return (
    <input
      {...rest}
      type="text"
      inputMode="numeric"
      placeholder="HH:MM"
      maxLength={5}
      pattern="([01]\d|2[0-4]):[0-5]\d"
      autoComplete="off"
      value={value}
      onChange={(event) => onChange(event.target.value.trim())}
    />
  );
}
