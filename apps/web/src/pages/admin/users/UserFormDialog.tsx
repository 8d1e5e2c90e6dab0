import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../api/admin-types';
import { createUser, setUserEnabled, updateUser } from '../../../api/users';
import { DepartmentSelect } from '../../../components/DepartmentSelect';
import { Dialog } from '../../../components/Dialog';
import { Field } from '../../../components/Field';
import { FormActions } from '../../../components/FormActions';
import { ProblemMessage } from '../../../components/ProblemMessage';
import type { FlatDepartment } from '../../../hooks/use-departments';
import { useFormSubmit } from '../../../hooks/use-form-submit';

interface Props {
  /** null: a new account. */
  user: User | null;
  departments: readonly FlatDepartment[];
  onClose: () => void;
  onSaved: (user: User, oneTimePassword: string | null) => void;
}

/** Create an account (its one-time password follows) or change name, department and whether it is enabled. */
export function UserFormDialog({ user, departments, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const submit = useFormSubmit();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [departmentId, setDepartmentId] = useState(user?.departmentId ?? '');
  const [enabled, setEnabled] = useState(!(user?.disabled ?? false));
  const [missing, setMissing] = useState<Set<string>>(new Set());

  const required = (field: string, value: string) => (missing.has(field) && !value.trim() ? t('common.required') : null);
  const fieldError = (field: string, value: string) => required(field, value) ?? submit.fieldErrors[field] ?? null;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const empty = new Set(Object.entries({ username: user ? 'x' : username, displayName, departmentId }).filter(([, v]) => !v.trim()).map(([k]) => k));
    setMissing(empty);
    if (empty.size > 0) return;
    await submit.run(async () => {
      if (!user) {
        const created = await createUser({ username: username.trim(), displayName: displayName.trim(), departmentId });
        onSaved(created.user, created.oneTimePassword);
        return;
      }
      let saved = await updateUser(user.id, { displayName: displayName.trim(), departmentId });
      if (enabled === saved.disabled) saved = await setUserEnabled(user.id, enabled);
      onSaved(saved, null);
    });
  }

  return (
    <Dialog title={user ? t('users.editTitle', { name: user.username }) : t('users.createTitle')} onClose={onClose} testId="user-form">
      <form className="form" onSubmit={(event) => void save(event)} noValidate>
        {!user && (
          <Field label={t('users.columns.username')} hint={t('users.usernameHint')} error={fieldError('username', username)} required>
            <input name="username" autoComplete="off" value={username} onChange={(event) => setUsername(event.target.value)} data-autofocus />
          </Field>
        )}
        <Field label={t('users.columns.displayName')} error={fieldError('displayName', displayName)} required>
          <input name="displayName" autoComplete="off" value={displayName} onChange={(event) => setDisplayName(event.target.value)} data-autofocus={user ? true : undefined} />
        </Field>
        <Field label={t('users.columns.department')} error={fieldError('departmentId', departmentId)} required>
          <DepartmentSelect name="departmentId" departments={departments} value={departmentId} onChange={setDepartmentId} testId="user-form-department" />
        </Field>
        {user && (
          <label className="checkbox">
            <input type="checkbox" name="enabled" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
            <span>{t('users.enabledLabel')}</span>
          </label>
        )}
        {!user && <p className="field__hint">{t('users.createHint')}</p>}
        <ProblemMessage error={submit.error} />
        <FormActions busy={submit.busy} submitLabel={user ? t('common.save') : t('users.create')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
