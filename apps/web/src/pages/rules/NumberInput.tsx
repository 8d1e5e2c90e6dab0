import type { InputHTMLAttributes } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  value: unknown;
  /** undefined when the box is empty (or not a number yet): the server then says what is missing. */
  onChange: (value: number | undefined) => void;
};

/** A number box over a JSON value: shows numbers, reports numbers, leaves the rest to the server's check. */
export function NumberInput({ value, onChange, ...rest }: Props) {
  return (
    <input
      {...rest}
      type="number"
      inputMode="decimal"
      value={typeof value === 'number' && Number.isFinite(value) ? value : ''}
      onChange={(event) => {
        const text = event.target.value;
        onChange(text === '' || Number.isNaN(Number(text)) ? undefined : Number(text));
      }}
    />
  );
}
