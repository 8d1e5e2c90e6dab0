/**
 * The administration pages against the real server, one browser context per duty
 * (三员分立): the system administrator manages accounts, the security administrator
 * grants roles, keys and sessions, the audit administrator reads what both did.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { artifactPath, checkBrowser, ensureConsoleBuilt, launchBrowser, startServer } from './harness';
import type { ServerHandle } from './harness';
import { AdminDialogs } from './pages/admin-dialogs';
import { signInAdministrator } from './pages/admin-sign-in';
import { ApiKeysAdminPage } from './pages/api-keys-admin-page';
import { AppShell } from './pages/app-shell';
import { AuditAdminPage } from './pages/audit-admin-page';
import { LoginPage } from './pages/login-page';
import { RolesAdminPage } from './pages/roles-admin-page';
import { SessionsAdminPage } from './pages/sessions-admin-page';
import { UsersAdminPage } from './pages/users-admin-page';

const LAPTOP = { width: 1366, height: 768 };
const WALL = { width: 1920, height: 1080 };
const XICHANG = '513401';
const NEW_USER = 'e2e.xichang';
const KEY_NAME = 'e2e 西昌水质站接入';

const browserCheck = checkBrowser();

describe.skipIf(!browserCheck.available && !browserCheck.required)('administration pages (real server, Chromium)', () => {
  let server: ServerHandle;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let admin: Page;
  let security: Page;
  let auditor: Page;

  const base = () => server.baseUrl;
  const shot = (page: Page, name: string) => page.screenshot({ path: artifactPath(name) });
  const newPage = async (viewport = LAPTOP) => {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Europe/Berlin', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  };

  beforeAll(async () => {
    if (!browserCheck.available) throw new Error(`ZC_REQUIRE_BROWSER=1: ${browserCheck.message}`);
    ensureConsoleBuilt();
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('the system administrator creates a user in 西昌市, resets its password and finds it by county', async () => {
    admin = await newPage();
    await signInAdministrator(admin, base(), 'admin', server.adminPassword);
    const shell = new AppShell(admin);
    await shell.navLink('users').waitFor();
    // Their own duty only: accounts and departments, no roles, keys, sessions or audit.
    expect(await shell.navLink('users').count()).toBe(1);
    expect(await shell.navLink('departments').count()).toBe(1);
    for (const id of ['roles', 'apiKeys', 'sessions', 'audit']) expect(await shell.navLink(id).count()).toBe(0);

    const users = new UsersAdminPage(admin);
    await users.open(base());
    await shot(admin, '20-users-1366.png');

    // The server's problem is shown in the form: the user name is taken.
    const dialogs = new AdminDialogs(admin);
    await users.fillCreate('operator', '重复的用户', '西昌市城市管理局');
    await dialogs.formSubmit.click();
    await dialogs.problem().waitFor();
    expect(await dialogs.problem().getAttribute('data-code')).toBe('ERR_IDENTITY_USERNAME_TAKEN');
    expect(await dialogs.problem().textContent()).toContain('该用户名已被使用');
    await shot(admin, '21-user-create-error.png');
    await admin.keyboard.press('Escape');
    await users.form.waitFor({ state: 'detached' });

    await users.fillCreate(NEW_USER, '西昌测试员', '西昌市城市管理局');
    await dialogs.formSubmit.click();
    const first = await dialogs.readSecret();
    expect(first.length).toBeGreaterThanOrEqual(12);
    await shot(admin, '22-user-created-otp.png');
    await dialogs.closeSecret();
    await users.row(NEW_USER).waitFor();
    expect(await users.row(NEW_USER).getByTestId('user-status').textContent()).toContain('待改密');

    await users.row(NEW_USER).getByTestId('user-reset-password').click();
    await dialogs.confirmButton.click();
    const second = await dialogs.readSecret();
    expect(second).not.toBe(first);
    expect(await dialogs.secret.getAttribute('role')).toBe('alertdialog');
    await shot(admin, '23-reset-password-otp.png');
    await dialogs.closeSecret();

    await users.filterByDivision(XICHANG);
    const listed = await users.usernames();
    expect(listed).toContain(NEW_USER);
    expect(listed).toContain('xichang-officer');
    expect(listed).not.toContain('operator');
    await shot(admin, '24-users-by-county.png');

    await admin.goto(`${base()}/admin/departments`);
    await admin.getByTestId('department-tree').waitFor();
    await admin.getByRole('button', { name: '展开 西昌市人民政府' }).click();
    await admin.locator('[data-department="dept_513401_urban"]').waitFor();
    await shot(admin, '25-departments.png');
    await admin.setViewportSize(WALL);
    await shell.toggleTheme();
    await shot(admin, '26-departments-1920-dark.png');
    await admin.locator('[data-department="dept_513401_urban"] [data-testid="department-add-child"]').click();
    await admin.getByTestId('department-form').waitFor();
    await shot(admin, '27-department-form-dark.png');
    await admin.keyboard.press('Escape');
    await shell.toggleTheme();
    await admin.setViewportSize(LAPTOP);
  });

  it('the security administrator assigns a role with a county scope, creates and revokes an API key, and ends a session', async () => {
    security = await newPage();
    await signInAdministrator(security, base(), 'secadmin', server.securityAdminPassword);
    const roles = new RolesAdminPage(security);
    await roles.open(base());
    expect(await roles.row('system-admin').textContent()).toContain('内置');
    await shot(security, '30-roles.png');

    // Mixing administrator duties in one role: the server's refusal is shown as it says it.
    const dialogs = new AdminDialogs(security);
    await roles.fillRole('mixed-duties', '混合职责', 'Mixed duties', ['users:manage', 'audit:read']);
    await dialogs.formSubmit.click();
    await dialogs.problem().waitFor();
    expect(await dialogs.problem().getAttribute('data-code')).toBe('ERR_IDENTITY_SEPARATION_OF_DUTIES');
    expect(await dialogs.problem().textContent()).toContain('mixes system and audit');
    await shot(security, '31-role-separation-of-duties.png');
    await security.keyboard.press('Escape');

    await roles.showAssignmentsOf(NEW_USER);
    await roles.assign('inspector', XICHANG);
    const row = roles.assignmentRows.filter({ has: security.locator('[data-testid="assignment-scope"]', { hasText: '西昌市' }) });
    await row.first().waitFor();
    expect(await row.first().getAttribute('data-role')).toBe('inspector');
    await shot(security, '32-role-assigned.png');

    const keys = new ApiKeysAdminPage(security);
    await keys.open(base());
    await keys.fillCreate(KEY_NAME, '凉山州生态环境局', ['entities:read', 'indicators:read'], XICHANG);
    await shot(security, '33-api-key-form.png');
    await dialogs.formSubmit.click();
    const secret = await dialogs.readSecret();
    expect(secret).toMatch(/^zck_[A-Za-z0-9_-]{40,}$/);
    await shot(security, '34-api-key-secret.png');
    await dialogs.closeSecret();
    await keys.row(KEY_NAME).waitFor();
    // The secret is nowhere in the page once its dialog is closed.
    expect(await security.content()).not.toContain(secret);

    await keys.row(KEY_NAME).getByTestId('api-key-revoke').click();
    await dialogs.accept();
    await keys.row(KEY_NAME).waitFor({ state: 'detached' });
    await security.getByText('显示已撤销的密钥').click();
    await keys.row(KEY_NAME).waitFor();
    expect(await keys.row(KEY_NAME).getByTestId('api-key-state').textContent()).toBe('已撤销');
    await shot(security, '35-api-key-revoked.png');

    // End the system administrator's session: their console is sent back to sign in.
    const sessions = new SessionsAdminPage(security);
    await sessions.open(base());
    expect(await sessions.rowsOf('admin').count()).toBeGreaterThan(0);
    await shot(security, '36-sessions.png');
    const before = await sessions.rowsOf('admin').count();
    await sessions.rowsOf('admin').first().getByTestId('session-end').click();
    await dialogs.accept();
    await security.waitForFunction((n) => document.querySelectorAll('[data-testid="sessions-table"] tr[data-username="admin"]').length === n - 1, before);
    await admin.goto(`${base()}/admin/users`);
    await admin.waitForURL(/\/login$/);
  });

  it('the audit administrator sees what the others did, verifies the chain and exports CSV', async () => {
    auditor = await newPage();
    await signInAdministrator(auditor, base(), 'auditadmin', server.auditAdminPassword);
    const shell = new AppShell(auditor);
    await shell.navLink('audit').waitFor();
    expect(await shell.navLink('users').count()).toBe(0);

    const audit = new AuditAdminPage(auditor);
    await audit.open(base());
    await audit.filterByAction('identity.');
    const actions = await audit.actions();
    for (const action of ['identity.user.created', 'identity.user.password-reset', 'identity.grant.created', 'identity.apikey.created', 'identity.apikey.revoked', 'identity.session.ended']) {
      expect(actions).toContain(action);
    }
    expect(actions.every((action) => action.startsWith('identity.'))).toBe(true);
    await shot(auditor, '40-audit-filtered.png');

    await audit.rows.filter({ hasText: 'identity.user.password-reset' }).first().locator('th button').click();
    await audit.detail.waitFor();
    expect(await audit.detail.textContent()).toContain('admin');
    await shot(auditor, '41-audit-detail.png');
    await auditor.keyboard.press('Escape');
    await audit.detail.waitFor({ state: 'detached' });

    await audit.verifyButton.click();
    await auditor.waitForSelector('[data-testid="audit-verify-result"][data-ok]');
    expect(await audit.verifyResult.getAttribute('data-ok')).toBe('true');
    expect(await audit.verifyResult.textContent()).toContain('哈希链完整');
    await shot(auditor, '42-audit-verified.png');

    const download = auditor.waitForEvent('download');
    await auditor.getByTestId('audit-export-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^zhicheng-audit-.*\.csv$/);
    const csv = readFileSync((await file.path()) ?? '', 'utf8');
    expect(csv).toContain('identity.apikey.revoked');
    expect(csv).not.toContain('auth.login');

    // Dark theme, and the 1920×1080 screen.
    await shell.toggleTheme();
    await shot(auditor, '43-audit-dark-1366.png');
    await auditor.setViewportSize(WALL);
    await shot(auditor, '44-audit-dark-1920.png');
  });

  it('looks right on a 1920×1080 screen, light and dark, and in English', async () => {
    await security.setViewportSize(WALL);
    const shell = new AppShell(security);
    const users = new UsersAdminPage(security);
    await users.open(base());
    await shot(security, '50-users-1920-light.png');
    await shell.toggleTheme();
    await shot(security, '51-users-1920-dark.png');
    await new RolesAdminPage(security).open(base());
    await shot(security, '52-roles-1920-dark.png');
    await security.setViewportSize(LAPTOP);
    await shot(security, '53-roles-1366-dark.png');
    await shell.setLanguage('en');
    await new ApiKeysAdminPage(security).open(base());
    expect(await security.getByRole('heading', { level: 1 }).textContent()).toBe('API keys');
    await shot(security, '54-api-keys-english-dark.png');
    await shell.toggleTheme();
    await new SessionsAdminPage(security).open(base());
    await shot(security, '55-sessions-english-light.png');
  });

  it('the operator has no Administration section and no access to /admin/audit', async () => {
    const operator = await newPage();
    const login = new LoginPage(operator);
    await login.open(base());
    await login.signIn('operator', server.demoPassword);
    await operator.waitForURL(/\/overview$/);
    const shell = new AppShell(operator);
    await shell.navLink('overview').waitFor();
    expect(await operator.locator('#nav-system').count()).toBe(0);
    for (const id of ['users', 'departments', 'roles', 'apiKeys', 'sessions', 'audit']) expect(await shell.navLink(id).count()).toBe(0);
    await operator.goto(`${base()}/admin/audit`);
    await operator.getByRole('heading', { level: 1 }).waitFor();
    expect(await operator.getByRole('heading', { level: 1 }).textContent()).toBe('没有访问权限');
    await shot(operator, '56-operator-no-access.png');
  });

  it('raised no uncaught errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
