import { useTranslation } from 'react-i18next';
import { listColleagues } from '../../api/directory';
import { useAuth } from '../../auth/auth-context';
import { useApi } from '../../hooks/use-api';
import { useCan } from '../../hooks/use-can';

/**
 * A user id (an alarm's assignee) as a name: the signed-in user knows their own; others are
 * looked up in the user directory (departments:read), and shown as the id when not found.
 * `plain` names oneself like anyone else (inside a sentence, "me" reads wrong).
 */
export function UserName({ id, plain = false }: { id: string; plain?: boolean }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const can = useCan();
  const self = user?.id === id;
  const mayLook = !self && can('departments:read');
  const other = useApi(
    async (signal) => (mayLook ? ((await listColleagues({ ids: id, limit: 1 }, signal)).items[0] ?? null) : null),
    `${id}|${String(mayLook)}`,
  );
  if (self && user) {
    return <span data-user-id={id}>{plain ? `${user.displayName} (${user.username})` : t('alarms.detail.me', { name: user.displayName })}</span>;
  }
  const found = other.data;
  return (
    <span data-user-id={id} title={id}>
      {found ? (found.departmentName ? `${found.displayName}（${found.departmentName}）` : found.displayName) : id}
    </span>
  );
}
