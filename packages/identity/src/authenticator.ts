import { AppError, type AuthenticatorLink } from '@zhicheng/kernel';
import type { FastifyRequest } from 'fastify';
import type { IdentityContext } from './identity-context.js';
import { IdentityPrincipal, type Restriction } from './principal.js';
import { hashToken, SESSION_PREFIX } from './tokens.js';
import { accountState } from './user-state.js';

/** Routes a restricted session may still use: its own account, to lift the restriction. */
const ALLOWED: Record<Exclude<Restriction, null>, Set<string>> = {
  'password-change': new Set(['/api/v1/auth/me', '/api/v1/auth/logout', '/api/v1/auth/password']),
  'totp-enrolment': new Set(['/api/v1/auth/me', '/api/v1/auth/logout', '/api/v1/auth/password', '/api/v1/auth/totp/enroll', '/api/v1/auth/totp/confirm']),
};

const RESTRICTED: Record<Exclude<Restriction, null>, () => AppError> = {
  'password-change': () => new AppError(403, 'ERR_AUTH_PASSWORD_CHANGE_REQUIRED', 'Change your password first (POST /api/v1/auth/password).'),
  'totp-enrolment': () => new AppError(403, 'ERR_AUTH_TOTP_ENROLMENT_REQUIRED', 'Administrators need a second factor: enrol an authenticator app first (POST /api/v1/auth/totp/enroll).'),
};

/** `Authorization: Bearer <token or key>` or `X-API-Key: <key>`. */
export function credentialsOf(req: FastifyRequest): { secret: string; header: 'bearer' | 'x-api-key' } | null {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S{16,512})\s*$/i.exec(auth);
    if (m) return { secret: m[1]!, header: 'bearer' };
  }
  const key = req.headers['x-api-key'];
  if (typeof key === 'string' && key.length >= 16 && key.length <= 512) return { secret: key.trim(), header: 'x-api-key' };
  return null;
}

/**
 * Identity's link of the kernel's authenticator chain: a session token (users, `zcs_…`) or
 * an API key (machines; `zck_…`, or the bootstrap key, which may be any string). It is a
 * fallback link: credentials with a prefix another module claims (device tokens `zcd_…`) are
 * judged there and never looked up here. Unknown, expired or revoked credentials give no
 * principal, so closed routes answer 401. A restricted session is turned away here, before
 * any permission check, with a code that tells the console what to do.
 */
export function createAuthenticator(c: IdentityContext): AuthenticatorLink {
  return {
    name: 'identity',
    fallback: true,
    claims: (req) => credentialsOf(req) !== null,
    async authenticate(req) {
      const cred = credentialsOf(req);
      if (!cred) return null;
      if (cred.header === 'bearer' && cred.secret.startsWith(SESSION_PREFIX)) {
        const s = await c.sessions.resolve(cred.secret);
        if (!s) return null;
        const user = await c.users.byId(s.user_id);
        if (!user || user.disabled) return null;
        const { grants, roles } = await c.roles.grantsOf(user.id);
        const { restriction } = accountState(user, grants, c.policy, c.now());
        const principal = new IdentityPrincipal('user', user.id, user.username, user.department_id, grants, roles, restriction, s.id);
        const route = req.routeOptions.url;
        if (restriction && !req.routeOptions.config?.public && !(route && ALLOWED[restriction].has(route))) throw RESTRICTED[restriction]();
        return principal;
      }
      const key = await c.apiKeys.bySecretHash(hashToken(cred.secret));
      const now = c.now();
      if (!key || key.revoked_at || (key.expires_at && new Date(key.expires_at).getTime() <= now.getTime())) return null;
      await c.apiKeys.touch(key.id, now);
      const grants = key.permissions.map((permission) => ({ permission, departmentScope: key.department_scope_id, divisionScope: key.division_scope_code }));
      return new IdentityPrincipal('apiKey', key.id, key.name, key.department_id, grants);
    },
  };
}
