import { useTranslation } from 'react-i18next';
import type { FlatDepartment } from '../hooks/use-departments';

export interface DepartmentSelectProps {
  departments: readonly FlatDepartment[];
  value: string;
  onChange: (id: string) => void;
  /** The text of the empty choice (e.g. "All departments", "No department scope"); none = required. */
  emptyLabel?: string;
  name?: string;
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  testId?: string;
}

/** A picker over the department tree (州 → counties → bureaus), indented by depth. */
export function DepartmentSelect({ departments, value, onChange, emptyLabel, name, testId, ...aria }: DepartmentSelectProps) {
  const { t } = useTranslation();
  return (
    <select name={name} value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId} {...aria}>
      <option value="">{emptyLabel ?? t('common.choose')}</option>
      {departments.map(({ node, depth }) => (
        <option key={node.id} value={node.id}>
          {`${'\u3000'.repeat(depth)}${node.name}`}
        </option>
      ))}
    </select>
  );
}
