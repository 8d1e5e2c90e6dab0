import { defineModule, readMigrations, type ModuleManifest } from '@zhicheng/kernel';
import { auditServiceKey, createAuditService } from './audit-service.js';
import { recordConfiguration } from './config-change.js';
import { auditRoutes } from './routes.js';

export { auditServiceKey, actorOf, createAuditService, SYSTEM_ACTOR, type AuditService, type AuditEntry, type AuditActor } from './audit-service.js';
export { verifyChain } from './verify-chain.js';
export { canonicalJson, canonicalRow, chainHash, GENESIS_HASH } from './canonical.js';
export { auditAppRoleGrants } from './app-role-grants.js';
export * from './audit-schemas.js';

export interface AuditModuleOptions {
  /** The clock (tests move it instead of sleeping). */
  now?: () => Date;
}

const DAY_MS = 86_400_000;

/** The audit module; `createAuditModule({ now })` gives tests their own clock. */
export function createAuditModule(opts: AuditModuleOptions = {}): ModuleManifest {
  let timer: NodeJS.Timeout | undefined;
  return defineModule({
    name: 'audit',
    migrations: readMigrations('audit', new URL('../migrations/', import.meta.url)),
    init(ctx) {
      ctx.services.provide(auditServiceKey, createAuditService(ctx.db, { retentionDays: ctx.config.ZC_AUDIT_RETENTION_DAYS, now: opts.now }));
    },
    routes: auditRoutes,
    async start(ctx) {
      const audit = ctx.services.get(auditServiceKey);
      await recordConfiguration(ctx.db, audit, ctx.config);
      const prune = () => audit.prune().catch((err: unknown) => ctx.log.error({ err }, 'audit pruning failed'));
      await prune();
      timer = setInterval(() => void prune(), DAY_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  });
}

export default createAuditModule();
