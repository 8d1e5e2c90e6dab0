import type { Role } from '../../../api/admin-types';

/** A role's name in the interface language. */
export function roleName(role: Pick<Role, 'nameZh' | 'nameEn'>, language: string): string {
  return language === 'en' ? role.nameEn : role.nameZh;
}
