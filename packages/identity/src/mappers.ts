import type { ApiKeyRow } from './api-keys-repository.js';
import type { Assignment } from './roles-repository.js';
import type { SessionRow } from './sessions-repository.js';
import type { UserRow } from './users-repository.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toUserApi(u: UserRow & { division_code?: string | null }, now: Date) {
  return {
    id: u.id, username: u.username, displayName: u.display_name, departmentId: u.department_id, divisionCode: u.division_code ?? null,
    phone: u.phone, email: u.email, disabled: u.disabled,
    locked: !!u.locked_until && new Date(u.locked_until).getTime() > now.getTime(),
    totpEnrolled: !!u.totp_secret, mustChangePassword: u.must_change_password,
    source: (u.oidc_subject ? 'oidc' : 'local') as 'local' | 'oidc', demo: u.demo, createdAt: new Date(u.created_at).toISOString(),
  };
}

export const toApiKeyApi = (k: ApiKeyRow) => ({
  id: k.id, name: k.name, prefix: k.prefix, departmentId: k.department_id, permissions: k.permissions, departmentScopeId: k.department_scope_id,
  divisionScopeCode: k.division_scope_code, bootstrap: k.bootstrap, expiresAt: iso(k.expires_at), revokedAt: iso(k.revoked_at),
  lastUsedAt: iso(k.last_used_at), createdBy: k.created_by, createdAt: new Date(k.created_at).toISOString(),
});

export const toAssignmentApi = (a: Assignment) => ({ ...a, createdAt: a.createdAt.toISOString() });

export const toSessionApi = (s: SessionRow) => ({
  id: s.id, userId: s.user_id, username: s.username, createdAt: new Date(s.created_at).toISOString(), lastSeenAt: new Date(s.last_seen_at).toISOString(),
  expiresAt: new Date(s.expires_at).toISOString(), sourceIp: s.source_ip, userAgent: s.user_agent, via: s.via,
});
