/**
 * Alarm rules and notification preferences against the REAL server with the simulated fleet:
 * the demo rules listed, a rule's live preview following its threshold, a new version saved
 * and the history shown, a new rule created, read-only for those who may not manage rules,
 * and a user's notification preferences saved and read back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiLogin, artifactPath, checkBrowser, ensureConsoleBuilt, launchBrowser, startServer, waitForSimulator } from './harness';
import { signedInPage as openSignedIn } from './sign-in';
import type { ServerHandle } from './harness';
import { AppShell } from './pages/app-shell';
import { NotificationPreferencesPage } from './pages/notification-preferences-page';
import { RuleEditorPage } from './pages/rule-editor-page';
import { RulesPage } from './pages/rules-page';
import { totpCode } from './totp';

const LAPTOP = { width: 1366, height: 768 };
const WALL = { width: 1920, height: 1080 };
const GAS_RULE = 'rule_demo_gas_leak';
const REGION = '513400';
const FORBIDDEN_TITLE = '没有访问权限';

// Real-time speed: the preview reads the last hours up to now, and at the harness's default
// 60× the simulated readings are stamped ahead of the wall clock (outside that window).
process.env.ZC_SIMULATOR_SPEED ??= '1';

const browserCheck = checkBrowser();

/**
 * No demo account may manage the region-wide demo rules (department officers are scoped to a
 * department or a county), so the security administrator gives `operator` the officer role
 * over the whole prefecture, through the API, as an administrator would in the console.
 */
async function makeRuleManager(baseUrl: string, securityPassword: string, demoPassword: string, username: string): Promise<void> {
  const call = async <T>(path: string, token: string | null, method = 'GET', body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const me = await call<{ permissions: string[] }>('/api/v1/auth/me', await apiLogin(baseUrl, username, demoPassword));
  if (me.permissions.includes('rules:manage')) return;
  const token = await apiLogin(baseUrl, 'secadmin', securityPassword);
  const { secret } = await call<{ secret: string }>('/api/v1/auth/totp/enroll', token, 'POST');
  await call('/api/v1/auth/totp/confirm', token, 'POST', { code: totpCode(secret) });
  const users = await call<{ items: { id: string; username: string }[] }>(`/api/v1/users?q=${encodeURIComponent(username)}`, token);
  const user = users.items.find((u) => u.username === username);
  if (!user) throw new Error(`no user ${username}`);
  await call('/api/v1/role-assignments', token, 'POST', { userId: user.id, roleId: 'department-officer', divisionScopeCode: REGION });
}

describe.skipIf(!browserCheck.available && !browserCheck.required)('alarm rules and notification preferences (real server, simulated fleet)', () => {
  let server: ServerHandle | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let page: Page;

  const base = () => {
    if (!server) throw new Error('server not started');
    return server.baseUrl;
  };
  /** The console scrolls inside <main>, not the window. */
  const scrollTop = (p: Page) => p.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
  const shot = async (p: Page, name: string) => {
    await p.waitForTimeout(300);
    await p.screenshot({ path: artifactPath(name), fullPage: false });
  };

  async function signedInPage(username: string, viewport: { width: number; height: number }, locale = 'zh-CN'): Promise<Page> {
    const p = await openSignedIn(browser, base(), username, server?.demoPassword ?? '', { viewport, locale, pageErrors });
    contexts.push(p.context());
    return p;
  }

  beforeAll(async () => {
    if (!browserCheck.available) throw new Error(`ZC_REQUIRE_BROWSER=1: ${browserCheck.message}`);
    ensureConsoleBuilt();
    server = await startServer();
    await waitForSimulator(server.baseUrl, await apiLogin(server.baseUrl, 'operator', server.demoPassword));
    await makeRuleManager(server.baseUrl, server.securityAdminPassword, server.demoPassword, 'operator');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('lists the demo rules with the engine health, and filters them', async () => {
    page = await signedInPage('operator', LAPTOP);
    const shell = new AppShell(page);
    await shell.navLink('rules').click();
    const rules = new RulesPage(page);
    await rules.waitLoaded();
    expect(await page.locator('h1').textContent()).toBe('告警规则');
    const ids = await rules.ruleIds();
    expect(ids.filter((id) => id.startsWith('rule_demo_')).length).toBeGreaterThanOrEqual(7);
    expect(await rules.row(GAS_RULE).textContent()).toContain('gasConcentration >= 25');
    expect(await rules.health.getAttribute('data-status')).toBe('ok');
    expect(Number(await page.getByTestId('rules-loaded').textContent())).toBeGreaterThanOrEqual(7);
    await shot(page, 'rules-01-list-1366.png');

    await rules.kindFilter.selectOption('aqiCategory');
    await rules.waitLoaded();
    expect(await rules.ruleIds()).toEqual(['rule_demo_aqi_moderate']);
    await rules.kindFilter.selectOption('');
    await rules.divisionFilter.selectOption(REGION);
    await rules.waitLoaded();
    expect((await rules.ruleIds()).length).toBe(ids.length);
    await rules.divisionFilter.selectOption('');
    await rules.waitLoaded();
  });

  it('opens a demo rule: the live preview follows the threshold (hits at 0, none out of reach)', async () => {
    const rules = new RulesPage(page);
    await rules.openRule(GAS_RULE);
    const editor = new RuleEditorPage(page);
    await editor.waitLoaded();
    expect(await editor.value.inputValue()).toBe('25');
    expect(await editor.attribute.inputValue()).toBe('gasConcentration');
    await editor.previewCount();

    await editor.setThreshold('0');
    // The safety stations report every minute: every reading is at least 0.
    await expect.poll(() => editor.countWhenHits(), { timeout: 90_000, interval: 2_000 }).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid="preview-chart"][data-chart-state="ready"]');
    expect(await editor.previewTable.locator('tbody tr').count()).toBeGreaterThan(0);
    await scrollTop(page);
    expect(await editor.previewTable.textContent()).toContain('sim-safety-');
    await shot(page, 'rules-02-preview-hits-1366.png');

    await editor.setThreshold('1000000');
    expect(await editor.previewSettled()).toBe('ready');
    expect(await editor.previewCount()).toBe(0);
    expect(await page.getByTestId('preview-summary').textContent()).toContain('不会产生告警');
    await shot(page, 'rules-03-preview-none-1366.png');
  });

  it('shows the server validation beside the field, in the form and in the JSON tab', async () => {
    const editor = new RuleEditorPage(page);
    await editor.value.fill('');
    expect(await editor.previewSettled()).toBe('error');
    await editor.fieldError(editor.value).waitFor();
    await editor.value.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    expect(await editor.fieldError(editor.value).textContent()).toBe('此项为必填项。');
    await shot(page, 'rules-04-field-error-1366.png');

    await editor.tab('json').click();
    const text = await editor.jsonText.inputValue();
    expect(JSON.parse(text).condition).toEqual({ kind: 'threshold', attribute: 'gasConcentration', op: '>=', hysteresis: 5 });
    await editor.jsonText.fill(text.replace('"hysteresis": 5', '"hysteresis": 5,\n    "value": "abc"'));
    expect(await editor.previewSettled()).toBe('error');
    await page.getByTestId('json-server-errors').waitFor();
    expect(await page.getByTestId('json-server-errors').textContent()).toContain('/condition/value');
    await shot(page, 'rules-05-json-server-errors-1366.png');
    await editor.jsonText.fill('{ "name": ');
    expect(await page.getByTestId('json-local-error').textContent()).toContain('JSON');
    await shot(page, 'rules-05-json-syntax-error-1366.png');
    await editor.jsonText.fill(text.replace('"hysteresis": 5', '"hysteresis": 5,\n    "value": 20'));
    await editor.tab('form').click();
    expect(await editor.value.inputValue()).toBe('20');
  });

  it('saves the edit as version 2 and shows the history, with an old version to view', async () => {
    const editor = new RuleEditorPage(page);
    expect(await editor.previewSettled()).toBe('ready');
    await editor.saveVersion();
    expect(await editor.saveNotice.textContent()).toContain('v2');
    expect(await editor.root.getAttribute('data-version')).toBe('2');
    await editor.tab('versions').click();
    expect(await editor.versionNumbers()).toEqual([2, 1]);
    expect(await editor.versionRow(2).textContent()).toContain('operator');
    expect(await editor.versionRow(1).textContent()).toContain('gasConcentration >= 25');
    await editor.versionRow(1).getByTestId('version-view').click();
    await editor.versionDialog.waitFor();
    expect(await page.getByTestId('version-json').textContent()).toContain('"value": 25');
    await shot(page, 'rules-06-version-dialog-1366.png');
    await page.keyboard.press('Escape');
    await editor.versionDialog.waitFor({ state: 'detached' });
    await shot(page, 'rules-07-versions-1366.png');

    const rules = new RulesPage(page);
    await rules.open(base());
    expect(await rules.row(GAS_RULE).textContent()).toContain('v2');
  });

  it('switches a rule off and on from the list', async () => {
    const rules = new RulesPage(page);
    await rules.toggle('rule_demo_manhole_tilt').click();
    await expect.poll(() => rules.toggle('rule_demo_manhole_tilt').isChecked(), { timeout: 10_000 }).toBe(false);
    await rules.enabledFilter.selectOption('false');
    await rules.waitLoaded();
    expect(await rules.ruleIds()).toEqual(['rule_demo_manhole_tilt']);
    await rules.toggle('rule_demo_manhole_tilt').click();
    await rules.waitLoaded();
    await expect.poll(() => rules.ruleIds(), { timeout: 10_000 }).toEqual([]);
    await rules.enabledFilter.selectOption('');
    await rules.waitLoaded();
  });

  let createdId = '';

  it('creates a new threshold rule', async () => {
    const rules = new RulesPage(page);
    await rules.newButton.click();
    await page.waitForURL(/\/rules\/new$/);
    const editor = new RuleEditorPage(page);
    await editor.waitLoaded();
    expect(await page.locator('h1').textContent()).toBe('新建规则');
    // A standard classifier brings its entity type and its own fields; back to a threshold keeps the type.
    await editor.kind.selectOption('aqiCategory');
    expect(await editor.entityType.inputValue()).toBe('AirQualityObserved');
    await page.getByTestId('condition-minLevel').selectOption('5');
    await editor.kind.selectOption('threshold');
    expect(await editor.entityType.inputValue()).toBe('AirQualityObserved');
    await editor.name.fill('e2e 压力异常');
    await editor.severity.selectOption('minor');
    await editor.entityType.fill('IndustrialSafetyObserved');
    await editor.attribute.fill('pressure');
    await editor.op.selectOption('>');
    await editor.setThreshold('0');
    await editor.hysteresis.fill('0.5');
    await page.locator('input[name="message.zh"]').fill('压力高于阈值');
    await page.locator('input[name="message.en"]').fill('Pressure above the threshold');
    await expect.poll(() => editor.countWhenHits(), { timeout: 60_000, interval: 2_000 }).toBeGreaterThan(0);
    await scrollTop(page);
    await shot(page, 'rules-08-new-rule-1366.png');
    // Working hours on weekdays (Beijing time), typed on the 24-hour clock.
    await page.getByTestId('schedule-from').fill('08:00');
    await page.getByTestId('schedule-to').fill('20:00');
    for (const day of ['周一', '周二', '周三', '周四', '周五']) await page.getByTestId('schedule-fields').getByLabel(day).check();
    expect(await editor.previewSettled()).toBe('ready');
    await editor.save.click();
    await page.waitForURL(/\/rules\/rule_[0-9a-f]+$/);
    await editor.saveNotice.waitFor();
    createdId = (await editor.root.getAttribute('data-rule-id')) ?? '';
    expect(await editor.root.getAttribute('data-version')).toBe('1');
    expect(await page.locator('h1').textContent()).toBe('e2e 压力异常');

    await editor.tab('json').click();
    expect(JSON.parse(await editor.jsonText.inputValue()).schedule).toEqual({ hours: [{ from: '08:00', to: '20:00' }], weekdays: [1, 2, 3, 4, 5] });
    await rules.open(base());
    expect(await rules.row(createdId).textContent()).toContain('pressure > 0');
  });

  it('shows the editor read-only to a user without rules:manage', async () => {
    const dispatcher = await signedInPage('dispatcher', LAPTOP);
    const rules = new RulesPage(dispatcher);
    await rules.open(base());
    expect(await rules.newButton.count()).toBe(0);
    expect(await rules.toggle(GAS_RULE).count()).toBe(0);
    await rules.openRule(GAS_RULE);
    const editor = new RuleEditorPage(dispatcher);
    await editor.waitLoaded();
    await editor.readOnlyNotice.waitFor();
    expect(await editor.save.count()).toBe(0);
    expect(await editor.value.isDisabled()).toBe(true);
    expect(await editor.name.isDisabled()).toBe(true);
    expect(await editor.preview.count()).toBe(0);
    await editor.tab('json').click();
    expect(await editor.jsonText.getAttribute('readonly')).not.toBeNull();
    await editor.tab('versions').click();
    expect(await editor.versionNumbers()).toEqual([2, 1]);
    await editor.versionRow(1).getByTestId('version-view').click();
    expect(await dispatcher.getByTestId('version-restore').count()).toBe(0);
    await dispatcher.keyboard.press('Escape');
    await editor.tab('form').click();
    await shot(dispatcher, 'rules-09-read-only-1366.png');
    await dispatcher.goto(`${base()}/rules/new`);
    await dispatcher.locator('h1').waitFor();
    expect(await dispatcher.locator('h1').textContent()).toBe(FORBIDDEN_TITLE);
    expect(await dispatcher.getByTestId('rule-form').count()).toBe(0);
  });

  it('saves notification preferences and reads them back after a reload', async () => {
    const prefs = new NotificationPreferencesPage(page);
    await prefs.open(base());
    expect(await page.locator('h1').textContent()).toBe('通知设置');
    expect(await prefs.channel('critical', 'sms').isChecked()).toBe(true);
    await prefs.channel('minor', 'email').check();
    await prefs.channel('critical', 'sms').uncheck();
    await prefs.email.fill('not-an-address');
    await prefs.save.click();
    await prefs.error.waitFor();
    expect(await prefs.email.getAttribute('aria-invalid')).toBe('true');
    await prefs.email.fill('operator@example.cn');
    await prefs.phone.fill('+8613800000000');
    await prefs.quiet.check();
    await prefs.quietFrom.fill('23:00');
    await prefs.quietTo.fill('06:30');
    await prefs.language.selectOption('en');
    await prefs.escalation.selectOption('1');
    await prefs.maxPerHour.fill('5');
    await prefs.save.click();
    await prefs.saved.waitFor();
    await shot(page, 'rules-10-notifications-1366.png');

    await page.reload();
    await prefs.form.waitFor();
    expect(await prefs.channel('minor', 'email').isChecked()).toBe(true);
    expect(await prefs.channel('critical', 'sms').isChecked()).toBe(false);
    expect(await prefs.email.inputValue()).toBe('operator@example.cn');
    expect(await prefs.phone.inputValue()).toBe('+8613800000000');
    expect(await prefs.quietFrom.inputValue()).toBe('23:00');
    expect(await prefs.quietTo.inputValue()).toBe('06:30');
    expect(await prefs.language.inputValue()).toBe('en');
    expect(await prefs.escalation.inputValue()).toBe('1');
    expect(await prefs.maxPerHour.inputValue()).toBe('5');
    await prefs.openInbox();
    await shot(page, 'rules-11-notifications-inbox-1366.png');
  });

  it('reads well in English, in the dark theme, at 1920×1080', async () => {
    const wall = await signedInPage('operator', WALL);
    const shell = new AppShell(wall);
    await shell.setLanguage('en');
    const rules = new RulesPage(wall);
    await rules.open(base());
    expect(await wall.locator('h1').textContent()).toBe('Alarm rules');
    await shot(wall, 'rules-20-list-1920-en.png');
    const editor = new RuleEditorPage(wall);
    await editor.open(base(), GAS_RULE);
    await editor.setThreshold('0');
    await expect.poll(() => editor.countWhenHits(), { timeout: 30_000 }).toBeGreaterThan(0);
    await wall.waitForSelector('[data-testid="preview-chart"][data-chart-state="ready"]');
    await scrollTop(wall);
    await shot(wall, 'rules-21-editor-1920-en.png');

    expect(await shell.toggleTheme()).toBe('dark');
    await wall.waitForTimeout(800);
    await scrollTop(wall);
    await shot(wall, 'rules-22-editor-1920-dark-en.png');
    await shell.setLanguage('zh-CN');
    await rules.open(base());
    await shot(wall, 'rules-23-list-1920-dark.png');
    const prefs = new NotificationPreferencesPage(wall);
    await prefs.open(base());
    await shot(wall, 'rules-24-notifications-1920-dark.png');
    if (createdId) {
      await editor.open(base(), createdId);
      await editor.tab('json').click();
      await shot(wall, 'rules-25-json-1920-dark.png');
    }
  });

  it('raised no uncaught errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
