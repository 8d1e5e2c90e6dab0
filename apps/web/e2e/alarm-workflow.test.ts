/**
 * The operator's alarm workflow against the REAL server with the simulated fleet: a demo
 * incident raises an alarm that reaches the alarm list and the overview's ticker live; the
 * operator opens it, acknowledges, assigns, comments and clears it, and its history records
 * each step. Then the entity browser: filter by type and county, open an entity.
 *
 * The forest fire in Muli raises the demo rule `rule_demo_fire_risk` within about half a
 * minute at the harness's 60× speed (smoke at a fire-risk point: level 5) and lasts twelve
 * real minutes, so the alarm stays active while the test works on it (the chemical leak
 * raises faster but clears itself after three).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiLogin, artifactPath, checkBrowser, ensureConsoleBuilt, launchBrowser, startServer, waitForSimulator } from './harness';
import { signedInPage as openSignedIn } from './sign-in';
import type { ServerHandle } from './harness';
import { AlarmDetailPage, AlarmListPage } from './pages/alarm-page';
import { AppShell } from './pages/app-shell';
import { EntitiesPage } from './pages/entities-page';
import { OverviewLayers, OverviewPage } from './pages/overview-page';

const LAPTOP = { width: 1366, height: 768 };
const WALL = { width: 1920, height: 1080 };
const FIRE_RULE = 'rule_demo_fire_risk';
const MULI = '513422';

const browserCheck = checkBrowser();

describe.skipIf(!browserCheck.available && !browserCheck.required)('alarm workflow and entity browser (real server, simulated fleet)', () => {
  let server: ServerHandle | undefined;
  let browser: Browser | undefined;
  let list: Page;
  let alarmId = '';
  const pageErrors: string[] = [];

  const base = () => {
    if (!server) throw new Error('server not started');
    return server.baseUrl;
  };

  const signedInPage = (username: string, viewport: { width: number; height: number }, path = '/overview'): Promise<Page> =>
    openSignedIn(browser, base(), username, server?.demoPassword ?? '', { viewport, path, pageErrors });

  /** Lets fonts, the stream's first message and transitions settle before a screenshot. */
  const settle = (p: Page) => p.waitForTimeout(600);

  beforeAll(async () => {
    if (!browserCheck.available) throw new Error(`ZC_REQUIRE_BROWSER=1: ${browserCheck.message}`);
    ensureConsoleBuilt();
    server = await startServer();
    await waitForSimulator(server.baseUrl, await apiLogin(server.baseUrl, 'operator', server.demoPassword));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a new alarm of a demo incident live in the alarm list and the ticker, without reloading', async () => {
    list = await signedInPage('operator', LAPTOP, '/alarms');
    const alarms = new AlarmListPage(list);
    await alarms.waitReady();
    const before = await alarms.rowsOfRule(FIRE_RULE).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-alarm-id')));
    // A reload would drop this marker: the row must arrive over the stream.
    await list.evaluate(() => Object.assign(window, { zcNotReloaded: true }));

    const wall = await signedInPage('operator', WALL);
    const layers = new OverviewLayers(wall);
    await new OverviewPage(wall).waitForMap();
    await layers.waitForPoints();
    await wall.evaluate(() => Object.assign(window, { zcNotReloaded: true }));
    await layers.startScenario('forest-fire');
    expect(await layers.demo.getByTestId('demo-active').textContent()).toContain('木里森林火灾');

    const notBefore = before.map((id) => `:not([data-alarm-id="${id}"])`).join('');
    const fresh = list.locator(`[data-testid="alarms-table"] tbody tr[data-rule-id="${FIRE_RULE}"]${notBefore}`);
    await fresh.first().waitFor({ timeout: 120_000 });
    alarmId = (await fresh.first().getAttribute('data-alarm-id')) ?? '';
    expect(alarmId).toMatch(/^alm_/);
    expect(await alarms.row(alarmId).getAttribute('data-state')).toBe('active_unack');
    expect(await list.evaluate(() => (window as unknown as { zcNotReloaded?: boolean }).zcNotReloaded)).toBe(true);
    await settle(list);
    await list.screenshot({ path: artifactPath('aw-01-alarm-list-live-1366.png') });

    // The department filter (server-side): the alarm's own department keeps it, another drops it.
    const department = list.getByTestId('alarms-department');
    const optionValue = async (text: string) => (await department.locator('option', { hasText: text }).first().getAttribute('value')) ?? '';
    await department.selectOption({ value: await optionValue('凉山州大数据中心') });
    await alarms.row(alarmId).waitFor();
    await department.selectOption({ value: await optionValue('西昌市') });
    await alarms.row(alarmId).waitFor({ state: 'detached' });
    await department.selectOption({ value: '' });
    await alarms.row(alarmId).waitFor();

    // The overview's ticker shows the newest open alarms (four): the incident's are among them,
    // also without a reload. Several fire points raise at once, so any new fire alarm will do.
    await layers.ticker.locator(`li[data-alarm-id]${notBefore}`).filter({ hasText: '森林火险达到五级' }).first().waitFor({ timeout: 30_000 });
    expect(await wall.evaluate(() => (window as unknown as { zcNotReloaded?: boolean }).zcNotReloaded)).toBe(true);
    await settle(wall);
    await wall.screenshot({ path: artifactPath('aw-02-ticker-live-1920.png') });
    await wall.context().close();
  });

  it('opens the alarm from the list and acknowledges it', async () => {
    const alarms = new AlarmListPage(list);
    await alarms.open(alarmId);
    const detail = new AlarmDetailPage(list);
    await detail.waitLoaded();
    expect(await list.title()).toContain('告警详情');
    expect(await detail.title.textContent()).toBe('森林火险达到五级或检测到烟雾');
    expect(await detail.state.textContent()).toBe('未确认');
    expect(await detail.facts.textContent()).toContain('森林火险五级（烟雾）');
    expect(await detail.facts.textContent()).toContain('木里藏族自治县');
    expect(await list.getByTestId('alarm-source-link').getAttribute('href')).toContain('ForestFireRiskObserved');
    expect(await detail.historyActions()).toEqual(['raised']);
    await settle(list);
    await list.screenshot({ path: artifactPath('aw-03-alarm-detail-1366.png') });

    await detail.acknowledge();
    expect(await detail.state.textContent()).toBe('已确认');
    expect(await detail.acknowledgeButton.count()).toBe(0);
    await expect.poll(() => detail.historyActions()).toEqual(['acknowledged', 'raised']);
    expect(await list.getByTestId('alarm-acknowledged').textContent()).toContain('operator');
  });

  it('assigns it to the operator and comments; the history shows who, what and when', async () => {
    const detail = new AlarmDetailPage(list);
    await detail.assignButton.click();
    await list.getByTestId('assign-dialog').waitFor();
    await settle(list);
    await list.screenshot({ path: artifactPath('aw-04-assign-dialog-1366.png') });
    await list.getByTestId('assign-dialog').getByRole('button', { name: '取消' }).click();

    // A colleague from the user directory (the operator may not read accounts), then back to oneself.
    await detail.assignToColleague('调度员');
    await expect.poll(async () => list.getByTestId('alarm-assignee').locator('dd').textContent(), { timeout: 15_000 }).toContain('调度员（演示）');
    await detail.assignToMe('由运行监测员跟进');
    await expect.poll(async () => list.getByTestId('alarm-assignee').locator('dd').textContent(), { timeout: 15_000 }).toBe('我（运行监测员（演示））');
    await detail.comment('已通知木里县森林草原防灭火指挥部核实');
    await expect.poll(() => detail.historyActions()).toEqual(['commented', 'assigned', 'assigned', 'acknowledged', 'raised']);

    const newest = detail.history.locator('li[data-action]').first();
    expect(await newest.getByTestId('history-actor').textContent()).toBe('operator');
    expect(await newest.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    const assigned = detail.history.locator('li[data-action="assigned"]').first();
    expect(await assigned.textContent()).toContain('指派给 运行监测员（演示） (operator)');
    expect(await assigned.getByTestId('history-comment').textContent()).toBe('由运行监测员跟进');
    await settle(list);
    await list.screenshot({ path: artifactPath('aw-05-alarm-history-1366.png') });
  });

  it("shows another user's comment live, without reloading", async () => {
    await list.evaluate(() => Object.assign(window, { zcNotReloaded: true }));
    const token = await apiLogin(base(), 'dispatcher', server?.demoPassword ?? '');
    const response = await fetch(`${base()}/api/v1/alarms/${alarmId}/comments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ comment: '调度员：已派巡护队前往' }),
    });
    expect(response.status).toBe(200);
    const detail = new AlarmDetailPage(list);
    await detail.history.getByTestId('history-comment').filter({ hasText: '调度员：已派巡护队前往' }).waitFor({ timeout: 30_000 });
    expect(await detail.history.locator('li[data-action]').first().getByTestId('history-actor').textContent()).toBe('dispatcher');
    expect(await list.evaluate(() => (window as unknown as { zcNotReloaded?: boolean }).zcNotReloaded)).toBe(true);
  });

  it('shows the alarm page in English and in the dark theme, at 1920×1080 and 1366×768', async () => {
    const shell = new AppShell(list);
    await shell.setLanguage('en');
    const detail = new AlarmDetailPage(list);
    expect(await detail.state.textContent()).toBe('Acknowledged');
    expect(await detail.title.textContent()).toBe('Forest fire risk level 5 or smoke detected');
    await settle(list);
    await list.screenshot({ path: artifactPath('aw-06-alarm-english-1366.png') });
    expect(await shell.toggleTheme()).toBe('dark');
    await settle(list);
    await list.screenshot({ path: artifactPath('aw-07-alarm-english-dark-1366.png') });
    await list.setViewportSize(WALL);
    await settle(list);
    await list.screenshot({ path: artifactPath('aw-08-alarm-english-dark-1920.png') });
    await shell.setLanguage('zh-CN');
    await settle(list);
    await list.screenshot({ path: artifactPath('aw-09-alarm-zh-dark-1920.png') });
    expect(await shell.toggleTheme()).toBe('light');
    await list.setViewportSize(LAPTOP);
  });

  it('clears it after a confirmation; the alarm is closed and the list shows it so', async () => {
    const detail = new AlarmDetailPage(list);
    await detail.clearButton.click();
    await list.getByTestId('confirm-dialog').waitFor();
    await settle(list);
    await list.screenshot({ path: artifactPath('aw-10-clear-confirm-1366.png') });
    await list.getByTestId('confirm-dialog').getByRole('button', { name: '取消' }).click();
    await list.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
    expect(await detail.stateCode()).toBe('active_ack');

    await detail.clear('火情已排除，人工关闭');
    await detail.waitForState('cleared_ack');
    expect(await detail.state.textContent()).toBe('已关闭');
    expect(await detail.clearButton.count()).toBe(0);
    expect(await detail.assignButton.count()).toBe(0);
    await expect.poll(() => detail.historyActions()).toEqual(['cleared', 'commented', 'commented', 'assigned', 'assigned', 'acknowledged', 'raised']);
    expect(await detail.history.locator('li[data-action="cleared"]').getByTestId('history-comment').textContent()).toBe('火情已排除，人工关闭');
    await settle(list);
    await list.screenshot({ path: artifactPath('aw-11-alarm-cleared-1366.png') });

    await list.getByRole('link', { name: '← 返回告警列表' }).click();
    const alarms = new AlarmListPage(list);
    await alarms.waitReady();
    await expect.poll(() => alarms.row(alarmId).getAttribute('data-state'), { timeout: 15_000 }).toBe('cleared_ack');
  });

  it('browses entities by type and county and opens one', async () => {
    const shell = new AppShell(list);
    await shell.navLink('entities').click();
    const entities = new EntitiesPage(list);
    await entities.waitReady();
    expect(await list.locator('h1').textContent()).toBe('实体浏览');
    const all = await entities.total();
    expect(all).toBeGreaterThan(100);
    expect(await entities.rows.first().getByTestId('simulated-badge').textContent()).toBe('模拟数据');
    await settle(list);
    await list.screenshot({ path: artifactPath('aw-12-entities-1366.png') });

    await entities.filter(entities.type, 'ForestFireRiskObserved');
    await expect.poll(async () => new Set(await entities.attribute('data-entity-type')), { timeout: 15_000 }).toEqual(new Set(['ForestFireRiskObserved']));
    const fires = await entities.total();
    expect(fires).toBeLessThan(all);
    await entities.filter(entities.county, MULI);
    await expect.poll(async () => (await entities.attribute('data-division')).every((code) => code.startsWith(MULI)), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => entities.total(), { timeout: 15_000 }).toBeLessThan(fires);
    expect(await entities.rows.count()).toBeGreaterThan(0);
    // The key values of a fire-risk point, and when they were observed.
    await expect.poll(() => entities.rows.first().locator('dt').allTextContents(), { timeout: 30_000 }).toContain('fireRiskLevel');
    expect(await entities.rows.first().locator('time').count()).toBe(1);
    await settle(list);
    await list.screenshot({ path: artifactPath('aw-13-entities-fire-muli-1366.png') });

    const id = (await entities.rows.first().getAttribute('data-entity-id')) ?? '';
    await entities.rows.first().getByTestId('entity-link').click();
    await list.waitForURL(/\/entities\/urn/);
    await list.getByTestId('entity-attributes').waitFor({ timeout: 30_000 });
    expect(await list.getByTestId('entity-page').locator('.page__intro').textContent()).toBe(id);
    // Back returns to the filtered list.
    await list.getByRole('link', { name: '← 返回上一页' }).click();
    await entities.waitReady();
    expect(await entities.type.inputValue()).toBe('ForestFireRiskObserved');
    expect(await entities.county.inputValue()).toBe(MULI);
  });

  it('shows the entity browser in English and dark at 1920×1080', async () => {
    const shell = new AppShell(list);
    await list.setViewportSize(WALL);
    await shell.setLanguage('en');
    await shell.toggleTheme();
    const entities = new EntitiesPage(list);
    await entities.waitReady();
    expect(await list.locator('h1').textContent()).toBe('Entities');
    await settle(list);
    await list.screenshot({ path: artifactPath('aw-14-entities-english-dark-1920.png') });
    await list.goto(`${base()}/entities`);
    await entities.waitReady();
    await settle(list);
    await list.screenshot({ path: artifactPath('aw-15-entities-all-english-dark-1920.png') });
    await list.context().close();
  });

  it('raised no uncaught errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
