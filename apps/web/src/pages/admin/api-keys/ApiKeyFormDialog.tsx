import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiKeyCreated } from '../../../api/admin-types';
import { createApiKey } from '../../../api/api-keys';
import { DepartmentSelect } from '../../../components/DepartmentSelect';
import { Dialog } from '../../../components/Dialog';
import { DivisionSelect } from '../../../components/DivisionSelect';
import { Field } from '../../../components/Field';
import { FormActions } from '../../../components/FormActions';
import { PermissionChecklist } from '../../../components/PermissionChecklist';
import { ProblemMessage } from '../../../components/ProblemMessage';
import { useCounties } from '../../../hooks/use-counties';
import type { FlatDepartment } from '../../../hooks/use-departments';
import { useFormSubmit } from '../../../hooks/use-form-submit';
import { usePermissionCatalogue } from '../../../hooks/use-permission-catalogue';

interface Props {
  departments: readonly FlatDepartment[];
  onClose: () => void;
  onCreated: (created: ApiKeyCreated) => void;
}

/** Data permissions only: the server refuses administrator permissions on keys. */
const KEY_CLASSES = ['data'] as const;

export function ApiKeyFormDialog({ departments, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const submit = useFormSubmit();
  const counties = useCounties();
  const catalogue = usePermissionCatalogue();
  const [name, setName] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [permissions, setPermissions] = useState<string[]>([]);
  const [departmentScopeId, setDepartmentScopeId] = useState('');
  const [divisionScopeCode, setDivisionScopeCode] = useState('');
  const [days, setDays] = useState('90');
  const [checked, setChecked] = useState(false);

  const daysValue = Number(days);
  const daysValid = Number.isInteger(daysValue) && daysValue >= 1 && daysValue <= 3650;
  const errors = {
    name: checked && name.trim().length < 2 ? t('apiKeys.nameTooShort') : (submit.fieldErrors.name ?? null),
    departmentId: checked && !departmentId ? t('common.required') : (submit.fieldErrors.departmentId ?? null),
    permissions: checked && permissions.length === 0 ? t('roles.permissionsRequired') : (submit.fieldErrors.permissions ?? null),
    days: checked && !daysValid ? t('apiKeys.daysInvalid') : (submit.fieldErrors.expiresInDays ?? null),
  };

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if (name.trim().length < 2 || !departmentId || permissions.length === 0 || !daysValid) return;
    await submit.run(async () => {
      onCreated(
        await createApiKey({
          name: name.trim(), departmentId, permissions, expiresInDays: daysValue,
          departmentScopeId: departmentScopeId || null, divisionScopeCode: divisionScopeCode || null,
        }),
      );
    });
  }

  return (
    <Dialog title={t('apiKeys.createTitle')} onClose={onClose} variant="wide" testId="api-key-form">
      <form className="form" onSubmit={(event) => void save(event)} noValidate>
        <div className="form-grid">
          <Field label={t('apiKeys.columns.name')} hint={t('apiKeys.nameHint')} error={errors.name} required>
            <input name="name" autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} data-autofocus />
          </Field>
          <Field label={t('apiKeys.columns.department')} hint={t('apiKeys.departmentHint')} error={errors.departmentId} required>
            <DepartmentSelect name="departmentId" departments={departments} value={departmentId} onChange={setDepartmentId} testId="api-key-department" />
          </Field>
          <Field label={t('assignments.departmentScopeLabel')} hint={t('assignments.departmentScopeHint')}>
            <DepartmentSelect departments={departments} value={departmentScopeId} onChange={setDepartmentScopeId} emptyLabel={t('assignments.noDepartmentScope')} />
          </Field>
          <Field label={t('assignments.divisionScopeLabel')} hint={t('assignments.divisionScopeHint')}>
            <DivisionSelect {...counties} value={divisionScopeCode} onChange={setDivisionScopeCode} emptyLabel={t('assignments.noDivisionScope')} testId="api-key-division" />
          </Field>
          <Field label={t('apiKeys.days')} hint={t('apiKeys.daysHint')} error={errors.days} required>
            <input name="expiresInDays" type="number" min={1} max={3650} value={days} onChange={(event) => setDays(event.target.value)} />
          </Field>
        </div>
        <div className="field">
          <span className="field__label">{t('apiKeys.columns.permissions')}</span>
          <PermissionChecklist catalogue={catalogue.items} value={permissions} onChange={setPermissions} classes={KEY_CLASSES} />
          {errors.permissions && <p className="field__error">{errors.permissions}</p>}
        </div>
        <ProblemMessage error={submit.error} />
        <FormActions busy={submit.busy} submitLabel={t('apiKeys.create')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
