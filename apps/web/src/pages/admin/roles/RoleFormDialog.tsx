import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PermissionInfo, Role } from '../../../api/admin-types';
import { createRole, updateRole } from '../../../api/roles';
import { Dialog } from '../../../components/Dialog';
import { Field } from '../../../components/Field';
import { FormActions } from '../../../components/FormActions';
import { PermissionChecklist } from '../../../components/PermissionChecklist';
import { ProblemMessage } from '../../../components/ProblemMessage';
import { useFormSubmit } from '../../../hooks/use-form-submit';

interface Props {
  role: Role | null;
  catalogue: readonly PermissionInfo[];
  onClose: () => void;
  onSaved: (role: Role) => void;
}

const ID_PATTERN = /^[a-z][a-z0-9-]+$/;

/**
 * A custom role: id (new roles only), names, description and permissions. The server
 * refuses a role that mixes administrator duties; its message is shown as it says it.
 */
export function RoleFormDialog({ role, catalogue, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const submit = useFormSubmit();
  const permissionsHint = useId();
  const [id, setId] = useState(role?.id ?? '');
  const [nameZh, setNameZh] = useState(role?.nameZh ?? '');
  const [nameEn, setNameEn] = useState(role?.nameEn ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [permissions, setPermissions] = useState<string[]>(role?.permissions ?? []);
  const [checked, setChecked] = useState(false);

  const errors = {
    id: checked && !role && !ID_PATTERN.test(id) ? t('roles.idInvalid') : (submit.fieldErrors.id ?? null),
    nameZh: checked && !nameZh.trim() ? t('common.required') : (submit.fieldErrors.nameZh ?? null),
    nameEn: checked && !nameEn.trim() ? t('common.required') : (submit.fieldErrors.nameEn ?? null),
    permissions: checked && permissions.length === 0 ? t('roles.permissionsRequired') : (submit.fieldErrors.permissions ?? null),
  };

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if ((!role && !ID_PATTERN.test(id)) || !nameZh.trim() || !nameEn.trim() || permissions.length === 0) return;
    await submit.run(async () => {
      const body = { nameZh: nameZh.trim(), nameEn: nameEn.trim(), description: description.trim(), permissions };
      onSaved(role ? await updateRole(role.id, body) : await createRole({ id, ...body }));
    });
  }

  return (
    <Dialog title={role ? t('roles.editTitle', { name: role.id }) : t('roles.createTitle')} onClose={onClose} variant="wide" testId="role-form">
      <form className="form" onSubmit={(event) => void save(event)} noValidate>
        <div className="form-grid">
          {!role && (
            <Field label={t('roles.id')} hint={t('roles.idHint')} error={errors.id} required>
              <input name="id" autoComplete="off" value={id} onChange={(event) => setId(event.target.value)} data-autofocus />
            </Field>
          )}
          <Field label={t('roles.nameZh')} error={errors.nameZh} required>
            <input name="nameZh" autoComplete="off" value={nameZh} onChange={(event) => setNameZh(event.target.value)} data-autofocus={role ? true : undefined} />
          </Field>
          <Field label={t('roles.nameEn')} error={errors.nameEn} required>
            <input name="nameEn" autoComplete="off" value={nameEn} onChange={(event) => setNameEn(event.target.value)} />
          </Field>
          <Field label={t('roles.description')} className="form-grid__wide">
            <input name="description" autoComplete="off" value={description} onChange={(event) => setDescription(event.target.value)} />
          </Field>
        </div>
        <div className="field">
          <span className="field__label" id={permissionsHint}>
            {t('roles.columns.permissions')} <span className="muted">{t('roles.sodHint')}</span>
          </span>
          <PermissionChecklist catalogue={catalogue} value={permissions} onChange={setPermissions} describedBy={permissionsHint} />
          {errors.permissions && <p className="field__error">{errors.permissions}</p>}
        </div>
        <ProblemMessage error={submit.error} />
        <FormActions busy={submit.busy} submitLabel={role ? t('common.save') : t('roles.create')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
