import { SYSTEM_ACTOR } from '@zhicheng/audit';
import { StartupError } from '@zhicheng/kernel';
import { ADMIN_ROLE_IDS, BUILTIN_ROLES } from './builtin-roles.js';
import type { IdentityContext } from './identity-context.js';
import { hashPassword } from './password-hasher.js';
import { checkPassword, generatePassword } from './password-policy.js';
import { BOOTSTRAP_KEY_PERMISSIONS } from './permission-catalogue.js';
import { departmentId } from './seed-departments.js';
import { hashToken, newId } from './tokens.js';

/** Prints a secret once, on stdout, as one line a person can find in the start-up output. */
export const printOnce = (line: string) => process.stdout.write(`${line}\n`);

export async function seedBuiltinRoles(c: IdentityContext): Promise<void> {
  for (const r of BUILTIN_ROLES) await c.roles.upsertBuiltin({ id: r.id, nameZh: r.zh, nameEn: r.en, description: r.description, permissions: r.permissions });
}

interface AccountSpec {
  username: string;
  displayName: string;
  roleId: string;
  password: string | undefined;
  setting: string;
  departmentId: string;
}

/** Creates an account (with its role) only if the user name is free; returns the generated password when one was made. */
export async function ensureAccount(c: IdentityContext, spec: AccountSpec & { demo?: boolean; divisionScope?: string | null; departmentScope?: string | null; mustChange?: boolean }): Promise<{ created: boolean; generated: string | null }> {
  if (await c.users.byUsername(spec.username)) return { created: false, generated: null };
  if (spec.password) {
    const problem = checkPassword(spec.password, c.policy);
    if (problem) throw new StartupError(`${spec.setting} is too weak for the password policy: ${problem}`);
  }
  const generated = spec.password ? null : generatePassword();
  const dept = await c.departments.get(spec.departmentId);
  const id = newId('usr');
  const created = await c.users.insert({
    id, username: spec.username, displayName: spec.displayName, departmentId: dept ? dept.id : null,
    passwordHash: await hashPassword(spec.password ?? generated!), mustChangePassword: spec.mustChange ?? !!generated, demo: spec.demo ?? false, now: c.now(),
  });
  if (!created) return { created: false, generated: null };
  await c.roles.insertAssignment({
    id: newId('asg'), userId: id, roleId: spec.roleId, departmentScopeId: spec.departmentScope ?? null, divisionScopeCode: spec.divisionScope ?? null,
    source: 'local', createdBy: 'zhicheng',
  });
  await c.audit.record({ action: 'identity.user.created', outcome: 'success', actor: SYSTEM_ACTOR, objectType: 'user', objectId: id, detail: { username: spec.username, roleId: spec.roleId, generatedPassword: !!generated, demo: spec.demo ?? false } });
  return { created: true, generated };
}

/**
 * The three administrators exist from the first start, one per duty (三员): `admin`
 * (system), `secadmin` (security), `auditadmin` (audit). A password comes from its
 * setting, or is generated, printed once, and must be changed at first sign-in; each
 * must enrol a second factor before doing anything else. No default passwords exist.
 */
export async function ensureAdministrators(c: IdentityContext): Promise<void> {
  const dept = departmentId(c.config.ZC_REGION_CODE, 'bdc');
  const specs: AccountSpec[] = [
    { username: 'admin', displayName: '系统管理员', roleId: ADMIN_ROLE_IDS.system, password: c.config.ZC_ADMIN_PASSWORD, setting: 'ZC_ADMIN_PASSWORD', departmentId: dept },
    { username: 'secadmin', displayName: '安全管理员', roleId: ADMIN_ROLE_IDS.security, password: c.config.ZC_SECURITY_ADMIN_PASSWORD, setting: 'ZC_SECURITY_ADMIN_PASSWORD', departmentId: dept },
    { username: 'auditadmin', displayName: '审计管理员', roleId: ADMIN_ROLE_IDS.audit, password: c.config.ZC_AUDIT_ADMIN_PASSWORD, setting: 'ZC_AUDIT_ADMIN_PASSWORD', departmentId: dept },
  ];
  for (const s of specs) {
    const { generated } = await ensureAccount(c, s);
    if (generated) printOnce(`Zhicheng: the ${s.displayName} account "${s.username}" was created with the one-time password ${generated} (shown only now; change it at first sign-in, then enrol a second factor).`);
  }
}

/**
 * ZC_BOOTSTRAP_API_KEY: a key for automation with data permissions over the whole region
 * and no administration. Registered (by hash) at start; a changed setting revokes the old key.
 */
export async function ensureBootstrapKey(c: IdentityContext): Promise<void> {
  const secret = c.config.ZC_BOOTSTRAP_API_KEY;
  const now = c.now();
  const keepHash = secret ? hashToken(secret) : null;
  for (const id of await c.apiKeys.revokeOtherBootstraps(keepHash, now)) {
    await c.audit.record({ action: 'identity.apikey.revoked', outcome: 'success', actor: SYSTEM_ACTOR, objectType: 'api-key', objectId: id, detail: { reason: 'ZC_BOOTSTRAP_API_KEY changed or unset' } });
  }
  if (!secret || !keepHash) return;
  const existing = await c.apiKeys.bySecretHash(keepHash);
  if (existing) return;
  const id = newId('key');
  const region = c.config.ZC_REGION_CODE;
  const inserted = await c.apiKeys.insert({
    id, name: 'bootstrap (ZC_BOOTSTRAP_API_KEY)', prefix: secret.slice(0, 4), secretHash: keepHash, departmentId: (await c.departments.get(departmentId(region, 'bdc')))?.id ?? null,
    permissions: BOOTSTRAP_KEY_PERMISSIONS, departmentScopeId: null, divisionScopeCode: region, bootstrap: true, expiresAt: null, createdBy: 'zhicheng', now,
  });
  if (inserted) {
    await c.audit.record({ action: 'identity.apikey.created', outcome: 'success', actor: SYSTEM_ACTOR, objectType: 'api-key', objectId: id, detail: { bootstrap: true, divisionScopeCode: region, permissions: BOOTSTRAP_KEY_PERMISSIONS } });
  }
}
