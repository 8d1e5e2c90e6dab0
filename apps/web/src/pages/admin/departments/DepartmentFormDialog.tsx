import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEPARTMENT_KINDS } from '../../../api/admin-types';
import type { Department, DepartmentKind } from '../../../api/admin-types';
import { createDepartment, updateDepartment } from '../../../api/departments';
import { Dialog } from '../../../components/Dialog';
import { Field } from '../../../components/Field';
import { FormActions } from '../../../components/FormActions';
import { ProblemMessage } from '../../../components/ProblemMessage';
import { useCounties } from '../../../hooks/use-counties';
import { useFormSubmit } from '../../../hooks/use-form-submit';

interface Props {
  /** Creating: the parent. Editing: null. */
  parent: Department | null;
  department: Department | null;
  onClose: () => void;
  onSaved: (department: Department) => void;
}

const DIVISION_PATTERN = /^\d{6}(\d{3}(\d{3})?)?$/;

/** A child department under `parent`, or the name, kind and division of `department`. */
export function DepartmentFormDialog({ parent, department, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const submit = useFormSubmit();
  const { region, counties } = useCounties();
  const listId = useId();
  const [name, setName] = useState(department?.name ?? '');
  const [kind, setKind] = useState<DepartmentKind>(department?.kind ?? 'bureau');
  const [divisionCode, setDivisionCode] = useState(department?.divisionCode ?? parent?.divisionCode ?? '');
  const [checked, setChecked] = useState(false);

  const nameError = checked && name.trim().length < 2 ? t('departments.nameTooShort') : (submit.fieldErrors.name ?? null);
  const codeError = checked && !DIVISION_PATTERN.test(divisionCode.trim()) ? t('departments.divisionInvalid') : (submit.fieldErrors.divisionCode ?? null);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if (name.trim().length < 2 || !DIVISION_PATTERN.test(divisionCode.trim())) return;
    await submit.run(async () => {
      const body = { name: name.trim(), kind, divisionCode: divisionCode.trim() };
      onSaved(department ? await updateDepartment(department.id, body) : await createDepartment({ ...body, parentId: parent?.id ?? null }));
    });
  }

  const title = department ? t('departments.editTitle', { name: department.name }) : t('departments.createTitle', { parent: parent?.name ?? '' });
  return (
    <Dialog title={title} onClose={onClose} testId="department-form">
      <form className="form" onSubmit={(event) => void save(event)} noValidate>
        <Field label={t('departments.name')} error={nameError} required>
          <input name="name" autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} data-autofocus />
        </Field>
        <Field label={t('departments.kind')}>
          <select name="kind" value={kind} onChange={(event) => setKind(event.target.value as DepartmentKind)}>
            {DEPARTMENT_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`departments.kinds.${value}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('departments.divisionCode')} hint={t('departments.divisionHint')} error={codeError} required>
          <input name="divisionCode" inputMode="numeric" autoComplete="off" list={listId} value={divisionCode} onChange={(event) => setDivisionCode(event.target.value)} />
        </Field>
        <datalist id={listId}>
          {[...(region ? [region] : []), ...counties].map((division) => (
            <option key={division.code} value={division.code}>
              {division.name}
            </option>
          ))}
        </datalist>
        <ProblemMessage error={submit.error} />
        <FormActions busy={submit.busy} submitLabel={department ? t('common.save') : t('departments.create')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
