import { useAuth } from '../auth/auth-context';
import { hasPermission } from '../auth/permissions';

/** Whether the signed-in user holds `permission` (controls are hidden when not; the server decides anyway). */
export function useCan(): (permission: string) => boolean {
  const { user } = useAuth();
  const granted = user?.permissions ?? [];
  return (permission) => hasPermission(granted, permission);
}
