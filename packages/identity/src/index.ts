import rateLimit from '@fastify/rate-limit';
import { Type } from '@sinclair/typebox';
import { auditServiceKey } from '@zhicheng/audit';
import { AppError, defineModule, readMigrations, type ModuleManifest } from '@zhicheng/kernel';
import { createAuthenticator } from './authenticator.js';
import { authorizationServiceKey, createAuthorizationService } from './authorization-service.js';
import { createUserDirectoryService, userDirectoryServiceKey } from './user-directory.js';
import { ensureAdministrators, ensureBootstrapKey, seedBuiltinRoles } from './bootstrap-accounts.js';
import { createIdentityContext, type IdentityContext } from './identity-context.js';
import { createLoginService } from './login-service.js';
import { createOidcClient, oidcSettings } from './oidc-client.js';
import { apiKeyRoutes } from './routes/api-key-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { departmentRoutes } from './routes/department-routes.js';
import { oidcRoutes } from './routes/oidc-routes.js';
import { roleRoutes } from './routes/role-routes.js';
import { sessionRoutes } from './routes/session-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { seedDemoUsers } from './seed-demo-users.js';
import { seedDepartments } from './seed-departments.js';
import { createSystemKeysService, systemKeysServiceKey } from './system-keys.js';

export { authorizationServiceKey, PII_PERMISSION, type AuthorizationService, type MaskOptions } from './authorization-service.js';
export { IdentityPrincipal, isIdentityPrincipal } from './principal.js';
export type { Grant, Scope, ScopeClause, ObjectPlace, SqlFilterOptions } from './scope.js';
export { PERMISSIONS, permissionMatches, type PermissionInfo, type PermissionClass } from './permission-catalogue.js';
export { BUILTIN_ROLES, ADMIN_ROLE_IDS } from './builtin-roles.js';
export { departmentId } from './seed-departments.js';
export { totpCode } from './totp.js';
export { systemKeysServiceKey, type SystemKeysService } from './system-keys.js';
export { userDirectoryServiceKey, type UserDirectoryService } from './user-directory.js';
export * as identitySchemas from './schemas.js';

export interface IdentityModuleOptions {
  /** The clock for sessions, lockout and TOTP (tests move it instead of sleeping). */
  now?: () => Date;
}

/**
 * Identity and access: departments, users, roles with scoped grants, API keys, sessions,
 * OIDC sign-on, and the one authorisation service every module uses. Needs the audit
 * module before it in the list; reads geo.divisions for division subtrees.
 */
export function createIdentityModule(opts: IdentityModuleOptions = {}): ModuleManifest {
  const now = opts.now ?? (() => new Date());
  let c: IdentityContext | undefined;
  return defineModule({
    name: 'identity',
    migrations: readMigrations('identity', new URL('../migrations/', import.meta.url)),
    init(ctx) {
      const settings = oidcSettings(ctx.config);
      c = createIdentityContext(ctx.db, ctx.config, ctx.log, ctx.services.get(auditServiceKey), now, ctx.secrets);
      ctx.services.provide(authorizationServiceKey, createAuthorizationService(c.subtrees, () => c!.audit));
      ctx.addAuthenticator(createAuthenticator(c));
      ctx.services.provide(systemKeysServiceKey, createSystemKeysService(c));
      ctx.services.provide(userDirectoryServiceKey, createUserDirectoryService(c));
      if (settings) ctx.log.info({ issuer: settings.issuer.href }, 'single sign-on through OIDC is on');
    },
    async routes(app, ctx) {
      const ic = c!;
      const login = createLoginService(ic);
      await app.register(rateLimit, {
        global: false,
        errorResponseBuilder: (_req, context) => new AppError(429, 'ERR_RATE_LIMITED', `Too many attempts from this address; try again in ${Math.ceil(context.ttl / 1000)} s.`),
      });
      // Function-level refusals anywhere on the platform leave a trace for the auditor.
      app.addHook('onError', async (req, _reply, err) => {
        if (err instanceof AppError && err.status === 403) {
          await ic.audit.record({ action: 'access.denied', outcome: 'denied', detail: { route: `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`, code: err.code } }, req);
        }
      });
      authRoutes(app, ic, login);
      const settings = oidcSettings(ctx.config);
      if (settings) oidcRoutes(app, ic, login, createOidcClient(settings));
      app.get('/api/v1/auth/methods', {
        config: { public: true },
        schema: { tags: ['auth'], summary: 'How one can sign in here (the login page shows single sign-on when it is configured)', response: { 200: Type.Object({ password: Type.Boolean(), oidc: Type.Boolean() }) } },
      }, async () => ({ password: true, oidc: !!settings }));
      departmentRoutes(app, ic);
      userRoutes(app, ic, ctx.services.get(authorizationServiceKey));
      roleRoutes(app, ic);
      apiKeyRoutes(app, ic);
      sessionRoutes(app, ic);
    },
    async seed(_ctx, { demo }) {
      const ic = c!;
      await seedBuiltinRoles(ic);
      await seedDepartments(ic);
      await ensureAdministrators(ic);
      await ensureBootstrapKey(ic);
      if (demo) await seedDemoUsers(ic);
    },
  });
}

export default createIdentityModule();
