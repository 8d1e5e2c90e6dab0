import { useEffect, useState } from 'react';
import type { InputHTMLAttributes } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  value: readonly string[] | undefined;
  onChange: (value: string[]) => void;
};

const split = (text: string) => text.split(/[\s,，、;；]+/).filter(Boolean);
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * A list typed as text ("pm25, pm10"): the box keeps what is being typed (a trailing comma),
 * and follows the value when it changes elsewhere (the JSON tab, an old version loaded).
 */
export function ListInput({ value, onChange, ...rest }: Props) {
  const items = value ?? [];
  const [text, setText] = useState(items.join(', '));
  useEffect(() => {
    if (!same(split(text), items)) setText(items.join(', '));
    // Only an outside change of the list resets the text.
  }, [items.join('\n')]);
  return (
    <input
      {...rest}
      type="text"
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        onChange(split(event.target.value));
      }}
    />
  );
}
