import { serviceKey } from '@zhicheng/kernel';
import type { IdentityContext } from './identity-context.js';

/**
 * Who a user id names, for modules that store user ids (an alarm's assignee): active
 * accounts only, name and department, never contact details. Other modules declare the
 * same key as their own port (`serviceKey('identity.userDirectory')`).
 */
export interface UserDirectoryService {
  activeUser(id: string): Promise<{ id: string; displayName: string; departmentId: string | null } | null>;
}

export const userDirectoryServiceKey = serviceKey<UserDirectoryService>('identity.userDirectory');

export function createUserDirectoryService(c: IdentityContext): UserDirectoryService {
  return {
    async activeUser(id) {
      const u = await c.users.byId(id);
      if (!u || u.disabled) return null;
      return { id: u.id, displayName: u.display_name, departmentId: u.department_id };
    },
  };
}
