import { serviceKey, type Principal } from '@zhicheng/kernel';

/**
 * The part of the identity package's authorisation service the monitoring packages use.
 * Declared structurally under the same key name so these packages do not depend on
 * identity's whole surface; identity provides the implementation.
 */
export interface ScopedAuthz {
  sqlFilter(principal: Principal | null, permission: string, opts: { departmentColumn?: string; divisionColumn?: string; firstParam?: number }): Promise<{ sql: string; params: unknown[] }>;
  canAccess(principal: Principal | null, permission: string, place: { departmentId?: string | null; divisionCode?: string | null }): Promise<boolean>;
}

export const authzKey = serviceKey<ScopedAuthz>('identity.authorization');
