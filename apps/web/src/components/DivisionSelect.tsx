import type { Division } from '../api/types';

export interface DivisionSelectProps {
  region: Division | null;
  counties: readonly Division[];
  value: string;
  onChange: (code: string) => void;
  emptyLabel: string;
  name?: string;
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  testId?: string;
}

/** The region and its counties (a division subtree is chosen by its top). */
export function DivisionSelect({ region, counties, value, onChange, emptyLabel, name, testId, ...aria }: DivisionSelectProps) {
  return (
    <select name={name} value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId} {...aria}>
      <option value="">{emptyLabel}</option>
      {region && <option value={region.code}>{`${region.name} (${region.code})`}</option>}
      {counties.map((county) => (
        <option key={county.code} value={county.code}>
          {`\u3000${county.name} (${county.code})`}
        </option>
      ))}
    </select>
  );
}
