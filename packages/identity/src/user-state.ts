import { adminClassesOf } from './permission-catalogue.js';
import { passwordExpired, type PasswordPolicy } from './password-policy.js';
import type { Restriction } from './principal.js';
import type { Grant } from './scope.js';
import type { UserRow } from './users-repository.js';

/** Administrator duties a user holds (system, security, audit), from the permissions of their roles. */
export const adminClassesOfGrants = (grants: readonly Grant[]) => adminClassesOf(grants.map((g) => g.permission));

export interface AccountState {
  mustChangePassword: boolean;
  mustEnrollTotp: boolean;
  restriction: Restriction;
}

/**
 * What a signed-in user must do before working: change a generated or expired password,
 * then (administrators, except demo accounts) enrol a second factor.
 */
export function accountState(user: UserRow, grants: readonly Grant[], policy: PasswordPolicy, now: Date): AccountState {
  const mustChangePassword = !!user.password_hash && (user.must_change_password || passwordExpired(user.password_changed_at ? new Date(user.password_changed_at) : null, policy, now));
  const mustEnrollTotp = !user.demo && !user.totp_secret && adminClassesOfGrants(grants).size > 0;
  return { mustChangePassword, mustEnrollTotp, restriction: mustChangePassword ? 'password-change' : mustEnrollTotp ? 'totp-enrolment' : null };
}
