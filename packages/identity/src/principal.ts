import type { Principal } from '@zhicheng/kernel';
import { permissionMatches } from './permission-catalogue.js';
import type { Grant } from './scope.js';

/**
 * Why a signed-in user may only reach their own account routes for now: an administrator
 * who has not enrolled a second factor, or a password that must be changed first.
 */
export type Restriction = 'totp-enrolment' | 'password-change' | null;

/** The caller as identity sees it: the kernel's principal plus its scoped grants. */
export class IdentityPrincipal implements Principal {
  constructor(
    readonly kind: 'user' | 'apiKey',
    readonly id: string,
    readonly name: string,
    readonly departmentId: string | null,
    readonly grants: readonly Grant[],
    readonly roles: readonly string[] = [],
    readonly restriction: Restriction = null,
    readonly sessionId?: string,
  ) {}

  can(permission: string): boolean {
    if (this.restriction) return false;
    return this.grants.some((g) => permissionMatches(g.permission, permission));
  }

  /** Distinct permissions held anywhere (what `GET /auth/me` shows). */
  get permissions(): string[] {
    return [...new Set(this.grants.map((g) => g.permission))].sort();
  }
}

export const isIdentityPrincipal = (p: unknown): p is IdentityPrincipal => p instanceof IdentityPrincipal;
