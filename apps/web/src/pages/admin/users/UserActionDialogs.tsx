import { useTranslation } from 'react-i18next';
import type { User } from '../../../api/admin-types';
import { resetPassword, resetSecondFactor, setUserEnabled, unlockUser } from '../../../api/users';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { SecretDialog } from '../../../components/SecretDialog';
import type { FlatDepartment } from '../../../hooks/use-departments';
import { UserFormDialog } from './UserFormDialog';

export type UserDialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: User }
  | { kind: 'resetPassword' | 'enable' | 'disable' | 'unlock' | 'resetTotp'; user: User }
  | { kind: 'secret'; user: User; password: string };

interface Props {
  dialog: UserDialog;
  departments: readonly FlatDepartment[];
  onChange: (next: UserDialog | null) => void;
  /** A user changed (or null): the list reloads. */
  onDone: (changed: User | null) => void;
  onClose: () => void;
}

const CONFIRM = {
  enable: { title: 'users.confirm.enableTitle', body: 'users.confirm.enableBody', verb: 'users.enable', danger: false },
  disable: { title: 'users.confirm.disableTitle', body: 'users.confirm.disableBody', verb: 'users.disable', danger: true },
  unlock: { title: 'users.confirm.unlockTitle', body: 'users.confirm.unlockBody', verb: 'users.unlock', danger: false },
  resetTotp: { title: 'users.confirm.resetTotpTitle', body: 'users.confirm.resetTotpBody', verb: 'users.resetTotp', danger: true },
  resetPassword: { title: 'users.confirm.resetPasswordTitle', body: 'users.confirm.resetPasswordBody', verb: 'users.resetPassword', danger: true },
} as const;

/** The one dialog of the users page that is open: a form, a confirmation, or a one-time password. */
export function UserActionDialogs({ dialog, departments, onChange, onDone, onClose }: Props) {
  const { t } = useTranslation();
  if (dialog.kind === 'create' || dialog.kind === 'edit') {
    return (
      <UserFormDialog
        user={dialog.kind === 'edit' ? dialog.user : null}
        departments={departments}
        onClose={onClose}
        onSaved={(user, oneTimePassword) => {
          onDone(user);
          onChange(oneTimePassword ? { kind: 'secret', user, password: oneTimePassword } : null);
        }}
      />
    );
  }
  if (dialog.kind === 'secret') {
    return (
      <SecretDialog
        title={t('users.secret.title')}
        label={t('users.secret.label', { name: dialog.user.username })}
        value={dialog.password}
        warning={t('users.secret.warning')}
        onClose={onClose}
      />
    );
  }
  const { user } = dialog;
  const text = CONFIRM[dialog.kind];
  const action = async () => {
    if (dialog.kind === 'resetPassword') {
      const { oneTimePassword } = await resetPassword(user.id);
      onDone(user);
      onChange({ kind: 'secret', user, password: oneTimePassword });
      return;
    }
    if (dialog.kind === 'resetTotp') await resetSecondFactor(user.id);
    else if (dialog.kind === 'unlock') await unlockUser(user.id);
    else await setUserEnabled(user.id, dialog.kind === 'enable');
    onDone(user);
    onClose();
  };
  return (
    <ConfirmDialog title={t(text.title)} confirmLabel={t(text.verb)} danger={text.danger} onConfirm={action} onClose={onClose}>
      <p>{t(text.body, { name: `${user.displayName} (${user.username})` })}</p>
    </ConfirmDialog>
  );
}
