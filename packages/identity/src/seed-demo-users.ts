import { ensureAccount, printOnce } from './bootstrap-accounts.js';
import type { IdentityContext } from './identity-context.js';
import { generatePassword } from './password-policy.js';
import { departmentId } from './seed-departments.js';

/**
 * Demo accounts, one per role, in demo mode only; no second factor, so a visitor can try
 * the console at once. The password comes from ZC_DEMO_PASSWORD, or one is generated for
 * all of them and printed once when they are first created.
 */
export async function seedDemoUsers(c: IdentityContext): Promise<void> {
  const region = c.config.ZC_REGION_CODE;
  const county = region === '513400' ? '513401' : null;
  const password = c.config.ZC_DEMO_PASSWORD ?? generatePassword();
  const d = (code: string, key: string) => departmentId(code, key);
  const accounts = [
    { username: 'operator', displayName: '运行监测员（演示）', roleId: 'operator', departmentId: d(region, 'ioc'), divisionScope: region },
    { username: 'dispatcher', displayName: '调度员（演示）', roleId: 'dispatcher', departmentId: d(region, 'ioc'), divisionScope: region },
    { username: 'inspector', displayName: '巡查员（演示）', roleId: 'inspector', departmentId: d(region, 'urban'), divisionScope: region },
    { username: 'env-officer', displayName: '生态环境局业务员（演示）', roleId: 'department-officer', departmentId: d(region, 'eeb'), departmentScope: d(region, 'eeb') },
    ...(county ? [{ username: 'xichang-officer', displayName: '西昌市业务员（演示）', roleId: 'department-officer', departmentId: d(county, 'urban'), divisionScope: county }] : []),
    { username: 'auditor', displayName: '审计员（演示）', roleId: 'audit-admin', departmentId: d(region, 'bdc') },
  ];
  let generatedUsed = false;
  for (const a of accounts) {
    const { created } = await ensureAccount(c, { ...a, password, setting: 'ZC_DEMO_PASSWORD', demo: true, mustChange: false });
    if (created && !c.config.ZC_DEMO_PASSWORD) generatedUsed = true;
  }
  if (generatedUsed) printOnce(`Zhicheng: demo accounts (${accounts.map((a) => a.username).join(', ')}) were created with the password ${password} (shown only now; set ZC_DEMO_PASSWORD to choose one).`);
}
