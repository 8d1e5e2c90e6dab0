import type { AuditService } from '@zhicheng/audit';
import type { Config, Db, SecretBox } from '@zhicheng/kernel';
import type { Logger } from 'pino';
import { createApiKeysRepository } from './api-keys-repository.js';
import { createDepartmentsRepository } from './departments-repository.js';
import type { PasswordPolicy } from './password-policy.js';
import { createRolesRepository } from './roles-repository.js';
import { createSessionService, type SessionService } from './session-service.js';
import { createSubtreeCache, type SubtreeCache } from './subtree-cache.js';
import { createUsersRepository } from './users-repository.js';

/** What identity's services and routes share: one database, one clock, one audit log. */
export interface IdentityContext {
  db: Db;
  config: Config;
  log: Logger;
  audit: AuditService;
  now: () => Date;
  policy: PasswordPolicy;
  sessions: SessionService;
  subtrees: SubtreeCache;
  users: ReturnType<typeof createUsersRepository>;
  roles: ReturnType<typeof createRolesRepository>;
  departments: ReturnType<typeof createDepartmentsRepository>;
  apiKeys: ReturnType<typeof createApiKeysRepository>;
}

export function createIdentityContext(db: Db, config: Config, log: Logger, audit: AuditService, now: () => Date, secrets: SecretBox): IdentityContext {
  return {
    db, config, log, audit, now,
    policy: { minLength: config.ZC_PASSWORD_MIN_LENGTH, minClasses: config.ZC_PASSWORD_MIN_CLASSES, maxAgeDays: config.ZC_PASSWORD_MAX_AGE_DAYS },
    sessions: createSessionService(db, { idleMinutes: config.ZC_SESSION_IDLE_MINUTES, maxHours: config.ZC_SESSION_MAX_HOURS }, now),
    subtrees: createSubtreeCache(db, () => now().getTime()),
    users: createUsersRepository(db, secrets),
    roles: createRolesRepository(db),
    departments: createDepartmentsRepository(db),
    apiKeys: createApiKeysRepository(db),
  };
}
