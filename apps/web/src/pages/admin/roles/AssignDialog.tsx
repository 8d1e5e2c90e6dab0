import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../api/admin-types';
import { createAssignment } from '../../../api/roles';
import { DepartmentSelect } from '../../../components/DepartmentSelect';
import { Dialog } from '../../../components/Dialog';
import { DivisionSelect } from '../../../components/DivisionSelect';
import { Field } from '../../../components/Field';
import { FormActions } from '../../../components/FormActions';
import { ProblemMessage } from '../../../components/ProblemMessage';
import { useCounties } from '../../../hooks/use-counties';
import type { FlatDepartment } from '../../../hooks/use-departments';
import { useFormSubmit } from '../../../hooks/use-form-submit';
import { roleName } from './role-name';

interface Props {
  userId: string;
  roles: Role[];
  departments: readonly FlatDepartment[];
  onClose: () => void;
  onSaved: () => void;
}

/** Give the user a role; without a scope it applies everywhere, a department and/or division narrows it. */
export function AssignDialog({ userId, roles, departments, onClose, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const submit = useFormSubmit();
  const counties = useCounties();
  const [roleId, setRoleId] = useState('');
  const [departmentScopeId, setDepartmentScopeId] = useState('');
  const [divisionScopeCode, setDivisionScopeCode] = useState('');
  const [checked, setChecked] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if (!roleId) return;
    await submit.run(async () => {
      await createAssignment({ userId, roleId, departmentScopeId: departmentScopeId || null, divisionScopeCode: divisionScopeCode || null });
      onSaved();
    });
  }

  return (
    <Dialog title={t('assignments.assignTitle')} onClose={onClose} testId="assign-form">
      <form className="form" onSubmit={(event) => void save(event)} noValidate>
        <Field label={t('assignments.columns.role')} error={checked && !roleId ? t('common.required') : (submit.fieldErrors.roleId ?? null)} required>
          <select name="roleId" value={roleId} onChange={(event) => setRoleId(event.target.value)} data-autofocus data-testid="assign-role">
            <option value="">{t('common.choose')}</option>
            {roles.map((role) => (
              <option key={role.id} value={role.id}>
                {`${roleName(role, i18n.language)} (${role.id})`}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('assignments.departmentScopeLabel')} hint={t('assignments.departmentScopeHint')} error={submit.fieldErrors.departmentScopeId ?? null}>
          <DepartmentSelect departments={departments} value={departmentScopeId} onChange={setDepartmentScopeId} emptyLabel={t('assignments.noDepartmentScope')} testId="assign-department" />
        </Field>
        <Field label={t('assignments.divisionScopeLabel')} hint={t('assignments.divisionScopeHint')} error={submit.fieldErrors.divisionScopeCode ?? null}>
          <DivisionSelect {...counties} value={divisionScopeCode} onChange={setDivisionScopeCode} emptyLabel={t('assignments.noDivisionScope')} testId="assign-division" />
        </Field>
        <ProblemMessage error={submit.error} />
        <FormActions busy={submit.busy} submitLabel={t('assignments.assign')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
