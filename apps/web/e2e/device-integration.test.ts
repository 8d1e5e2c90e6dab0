/**
 * The device-integration pages of issue #4 against the REAL server: a device profile with a
 * JSONata mapping and its test-payload preview (and the error of a broken expression), a CSV
 * import of three devices with one bad row (progress to 100 %, the row error, the credentials
 * once, the devices in the list), and a provisioning key (its secret once, used, revoked).
 * Signed in as xichang-officer (devices:manage over 西昌市); operator sees the pages read-only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiLogin, checkBrowser, ensureConsoleBuilt, launchBrowser, startServer } from './harness';
import { checkedScreenshot } from './checked-screenshot';
import type { ServerHandle } from './harness';
import { AdminDialogs } from './pages/admin-dialogs';
import { AppShell } from './pages/app-shell';
import { DeviceImportPage } from './pages/device-import-page';
import { DeviceProfileEditorPage, DeviceProfilesPage } from './pages/device-profiles-page';
import { DevicesPage } from './pages/devices-page';
import { ProvisioningKeysPage } from './pages/provisioning-keys-page';
import { signedInPage as openSignedIn } from './sign-in';

const LAPTOP = { width: 1366, height: 768 };
const WALL = { width: 1920, height: 1080 };
const XICHANG = '513401';
/** Unique per run, so the suite also runs against a long-lived server (ZC_E2E_BASE_URL). */
const RUN = Date.now().toString(36);
const PROFILE_ID = `e2e-acme-${RUN}`;
const EXPRESSION = '{ "ts": ts, "values": { "temperature": t / 10, "relativeHumidity": rh } }';
const BROKEN = '{ "values": { "temperature": t / } }';
const DEVICES = [`e2e-imp-${RUN}-1`, `e2e-imp-${RUN}-2`, `e2e-imp-${RUN}-3`];

const browserCheck = checkBrowser();

describe.skipIf(!browserCheck.available && !browserCheck.required)('device profiles, bulk import and provisioning keys (real server)', () => {
  let server: ServerHandle | undefined;
  let browser: Browser | undefined;
  let officerToken = '';
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let officer: Page;

  const base = () => {
    if (!server) throw new Error('server not started');
    return server.baseUrl;
  };
  const api = (method: string, path: string, token: string, body?: unknown) =>
    fetch(`${base()}${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const payload = (t: number) => JSON.stringify({ ts: Date.now() - 60_000, t, rh: 40 }, null, 2);

  async function signedInPage(username: string, viewport: { width: number; height: number }): Promise<Page> {
    const p = await openSignedIn(browser, base(), username, server?.demoPassword ?? '', { viewport, pageErrors });
    contexts.push(p.context());
    return p;
  }

  const shot = (p: Page, name: string) => checkedScreenshot(p, name, ['.di-table-wrap']);

  beforeAll(async () => {
    if (!browserCheck.available) throw new Error(`ZC_REQUIRE_BROWSER=1: ${browserCheck.message}`);
    ensureConsoleBuilt();
    // No simulated fleet: these pages need the device APIs only, and the machine stays quiet.
    server = await startServer({ ZC_SIMULATOR: 'off' });
    officerToken = await apiLogin(server.baseUrl, 'xichang-officer', server.demoPassword);
    browser = await launchBrowser();
    officer = await signedInPage('xichang-officer', LAPTOP);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  it('lists the built-in profiles from the navigation', async () => {
    await new AppShell(officer).navLink('deviceProfiles').click();
    const list = new DeviceProfilesPage(officer);
    await list.settled();
    expect(await officer.locator('h1').textContent()).toBe('设备模板');
    await expect.poll(() => officer.title()).toContain('设备模板');
    const ids = await list.ids();
    expect(ids).toEqual(expect.arrayContaining(['flat-keyvalue', 'weather-station', 'air-quality', 'noise-meter']));
    expect(await list.row('weather-station').textContent()).toContain('自动气象站');
    expect(await list.row('weather-station').textContent()).toContain('内置');
    expect(await officer.getByTestId('di-nav-profiles').getAttribute('aria-current')).toBe('page');
    await shot(officer, 'di-01-profiles-1366.png');
  });

  it('creates a profile: the preview maps a test payload, and names a broken expression', async () => {
    const list = new DeviceProfilesPage(officer);
    const editor = new DeviceProfileEditorPage(officer);
    await list.newButton.click();
    await officer.waitForURL(/\/devices\/profiles\/new$/);
    await expect.poll(() => officer.title()).toContain('新建设备模板');
    // The starting draft previews at once.
    expect(await editor.previewSettled()).toEqual({ state: 'ready', ok: 'true' });

    // Saving an empty form names the missing fields without asking the server.
    await editor.save.click();
    expect(await editor.fieldError(editor.id).textContent()).toBe('此项为必填项。');
    expect(await editor.fieldError(editor.entityType).textContent()).toBe('此项为必填项。');

    await editor.id.fill(PROFILE_ID);
    await editor.name.fill(`E2E ACME 气象站 ${RUN}`);
    await editor.entityType.fill('WeatherObserved');
    await editor.protocol.selectOption('http');
    await editor.expression.fill(EXPRESSION);
    await editor.removeAllAttributes();
    await editor.addAttribute('temperature', 'number', 'CEL', '-60', '70');
    await editor.addAttribute('relativeHumidity', 'number', 'P1', '0', '100');
    await editor.payload.fill(payload(215));
    expect(await editor.previewSettled()).toEqual({ state: 'ready', ok: 'true' });
    // Not saved yet: the preview already uses the attributes on screen (units, ranges).
    expect(await editor.mapped()).toEqual({ temperature: ['21.5', '°C (CEL)'], relativeHumidity: ['40', '% (P1)'] });
    await shot(officer, 'di-02-profile-new-preview.png');

    await editor.expression.fill(BROKEN);
    expect(await editor.previewSettled()).toEqual({ state: 'ready', ok: 'false' });
    expect(await editor.previewError.getAttribute('data-code')).toBe('ERR_DEVICES_MAPPING_INVALID');
    expect(await editor.previewError.textContent()).toContain('表达式无法编译');
    expect(await editor.fieldError(editor.expression).textContent()).toContain('表达式无法解析');
    await shot(officer, 'di-03-profile-broken-expression.png');

    // Saved as it is, the server refuses it too, beside the expression.
    await editor.save.click();
    await officer.getByTestId('save-error').waitFor();
    expect(await officer.getByTestId('save-error').getAttribute('data-code')).toBe('ERR_DEVICES_MAPPING_INVALID');

    await editor.expression.fill(EXPRESSION);
    expect((await editor.previewSettled()).ok).toBe('true');
    await editor.save.click();
    await officer.waitForURL(new RegExp(`/devices/profiles/${PROFILE_ID}$`));
    await editor.saveNotice.waitFor();
    await expect.poll(() => officer.title()).toContain('设备模板详情');
  });

  it('previews the saved profile with its units and range checks', async () => {
    const editor = new DeviceProfileEditorPage(officer);
    await editor.payload.fill(payload(215));
    expect(await editor.previewSettled()).toEqual({ state: 'ready', ok: 'true' });
    expect(await editor.mapped()).toEqual({ temperature: ['21.5', '°C (CEL)'], relativeHumidity: ['40', '% (P1)'] });
    await shot(officer, 'di-04-profile-saved-preview.png');
    // 999.9 °C is above the attribute's maximum: refused as ingestion would refuse it.
    await editor.payload.fill(payload(9999));
    expect(await editor.previewSettled()).toEqual({ state: 'ready', ok: 'false' });
    expect(await editor.previewError.getAttribute('data-code')).toBe('ERR_INGEST_OUT_OF_RANGE');
    expect(await editor.previewError.textContent()).toContain('数值超出范围');
    expect(await editor.previewError.textContent()).toContain('temperature=999.9 is above 70');
    // A change of the saved profile: only what changed is sent.
    const patch = officer.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/api/v1/device-profiles/${PROFILE_ID}`));
    await editor.inactivity.fill('1800');
    await editor.save.click();
    expect((await patch).postDataJSON()).toEqual({ inactivitySeconds: 1800 });
    await editor.saveNotice.waitFor();
    await shot(officer, 'di-05-profile-out-of-range.png');
  });

  it('shows built-in profiles read-only, and every profile read-only to an operator', async () => {
    const editor = new DeviceProfileEditorPage(officer);
    await editor.open(base(), 'weather-station');
    await editor.builtinNotice.waitFor();
    expect(await editor.save.count()).toBe(0);
    expect(await editor.deleteButton.count()).toBe(0);
    expect(await editor.name.isDisabled()).toBe(true);
    await editor.payload.fill(JSON.stringify({ ts: Date.now() - 60_000, t: 18.2, ws: 3.4 }));
    expect(await editor.previewSettled()).toEqual({ state: 'ready', ok: 'true' });
    expect(await editor.mapped()).toEqual({ temperature: ['18.2', '°C (CEL)'], windSpeed: ['3.4', 'm/s (MTS)'] });
    await shot(officer, 'di-06-builtin-read-only.png');

    const operator = await signedInPage('operator', LAPTOP);
    const shell = new AppShell(operator);
    await shell.navLink('deviceProfiles').waitFor();
    expect(await shell.navLink('deviceImport').count()).toBe(0);
    expect(await shell.navLink('provisioningKeys').count()).toBe(0);
    const readOnly = new DeviceProfileEditorPage(operator);
    await readOnly.open(base(), PROFILE_ID);
    await readOnly.readOnlyNotice.waitFor();
    expect(await readOnly.save.count()).toBe(0);
    await readOnly.payload.fill(payload(200));
    expect(await readOnly.previewSettled()).toEqual({ state: 'ready', ok: 'true' });
    await shot(operator, 'di-07-profile-operator-read-only.png');
    await operator.goto(`${base()}/devices/import`);
    await operator.getByRole('heading', { level: 1 }).waitFor();
    expect(await operator.getByTestId('device-import-page').count()).toBe(0);
  });

  it('imports three devices from a CSV, one row refused, to 100 %', async () => {
    const importer = new DeviceImportPage(officer);
    await officer.getByTestId('di-nav-import').click();
    await importer.file.waitFor();
    const template = await importer.downloadText(importer.template);
    expect(template.name).toBe('devices-template.csv');
    expect(template.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('id,name,profileId,departmentId,divisionCode,lon,lat,entityId,vendor,model,firmware,tags,token');
    await shot(officer, 'di-08-import-form.png');

    const csv = [
      'id,name,profileId,divisionCode,lon,lat,vendor,tags',
      `${DEVICES[0]},E2E 导入气象站 1,${PROFILE_ID},${XICHANG},102.26,27.89,ACME,e2e;import`,
      `${DEVICES[1]},E2E 导入气象站 2,no-such-profile,${XICHANG},102.27,27.9,ACME,e2e`,
      `${DEVICES[2]},"E2E 导入气象站 3, 备用",weather-station,${XICHANG},,,ACME,e2e`,
    ].join('\n');
    const seen = await importer.importCsv(`e2e-${RUN}.csv`, csv);
    expect(seen.at(-1)).toBe(100);
    expect(await importer.job.getAttribute('data-status')).toBe('done');
    expect(await importer.progress.getAttribute('role')).toBe('progressbar');
    expect(officer.url()).toMatch(/\/devices\/import\?job=imp_/);
    expect([await importer.count('total'), await importer.count('created'), await importer.count('updated'), await importer.count('failed')]).toEqual([3, 2, 0, 1]);
    expect(await importer.errorRows.count()).toBe(1);
    const error = importer.errorRows.first();
    expect(await error.getAttribute('data-row')).toBe('3');
    expect(await error.getByTestId('import-error-column').textContent()).toBe('profileId');
    // The reason in Chinese from its code; the server's own words stay in the tooltip.
    expect(await error.getByTestId('import-error-message').getAttribute('data-code')).toBe('ERR_DEVICES_PROFILE_NOT_FOUND');
    expect(await error.getByTestId('import-error-message').textContent()).toBe('没有这个编号的设备模板。');
    expect(await error.getByTestId('import-error-message').getAttribute('title')).toContain('no-such-profile');
    expect(await error.textContent()).toContain(DEVICES[1]);
    await shot(officer, 'di-09-import-done.png');
  });

  it('hands out the generated credentials once, as a CSV', async () => {
    const importer = new DeviceImportPage(officer);
    const file = await importer.downloadText(importer.takeCredentials);
    expect(file.name).toBe(`e2e-${RUN}-credentials.csv`);
    const lines = file.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('id,token,mqttUsername,mqttPassword');
    const rows = lines.slice(1).map((line) => line.split(','));
    expect(rows.map((r) => r[0]).sort()).toEqual([DEVICES[0], DEVICES[2]]);
    await importer.credentialsTaken.waitFor();
    await shot(officer, 'di-10-import-credentials-taken.png');

    // The token works for its device; the server will not hand the tokens out again.
    const token = rows.find((r) => r[0] === DEVICES[0])?.[1] ?? '';
    expect(token).toMatch(/^zcd_/);
    const sent = await fetch(`${base()}/api/v1/telemetry`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ t: 200, rh: 50 }) });
    expect(await sent.json()).toMatchObject({ accepted: 1 });
    const jobId = new URL(officer.url()).searchParams.get('job') ?? '';
    const again = await api('POST', `/api/v1/devices/imports/${jobId}/credentials`, officerToken);
    expect(again.status).toBe(410);

    // The imported devices are in the registry.
    await importer.devicesLink.click();
    const devices = new DevicesPage(officer);
    await devices.table.waitFor();
    await devices.settled();
    await devices.search(`e2e-imp-${RUN}`);
    expect((await devices.ids()).sort()).toEqual([DEVICES[0], DEVICES[2]]);
    await shot(officer, 'di-11-imported-devices.png');
  });

  it('creates a provisioning key: the secret once, used by a device, then revoked', async () => {
    const keys = new ProvisioningKeysPage(officer);
    const dialogs = new AdminDialogs(officer);
    await new AppShell(officer).navLink('provisioningKeys').click();
    await keys.settled();
    await keys.create({ name: `E2E 自注册 ${RUN}`, profileId: PROFILE_ID, division: XICHANG, maxDevices: '5', days: '30' });
    await shot(officer, 'di-12-key-form.png');
    await keys.submit();
    const secret = await dialogs.readSecret();
    const keyId = await officer.getByTestId('key-id-value').inputValue();
    expect(secret).toMatch(/^zcps_/);
    expect(keyId).toMatch(/^zcpk_/);
    await shot(officer, 'di-13-key-secret-once.png');
    await dialogs.closeSecret();
    expect(await officer.content()).not.toContain(secret);

    const row = keys.row(keyId);
    expect(await row.getAttribute('data-status')).toBe('active');
    expect(await row.getByTestId('key-usage').textContent()).toBe('0 / 5');
    expect(await row.textContent()).toContain('西昌市');

    // A device registers itself with the key and the secret the console showed.
    const registered = await api('POST', '/api/v1/devices/provision', '', { key: keyId, secret, deviceId: `e2e-self-${RUN}` });
    expect(registered.status).toBe(201);
    await keys.open(base());
    expect(await keys.row(keyId).getByTestId('key-usage').textContent()).toBe('1 / 5');
    await shot(officer, 'di-14-keys-list.png');

    await keys.row(keyId).getByTestId('key-revoke').click();
    await dialogs.confirm.waitFor();
    await shot(officer, 'di-15-key-revoke-confirm.png');
    await dialogs.accept();
    await keys.row(keyId).waitFor({ state: 'detached' });
    await keys.includeRevoked.check();
    await keys.settled();
    await keys.row(keyId).waitFor();
    expect(await keys.row(keyId).getAttribute('data-status')).toBe('revoked');
    await shot(officer, 'di-16-key-revoked.png');
    const refused = await api('POST', '/api/v1/devices/provision', '', { key: keyId, secret, deviceId: `e2e-self2-${RUN}` });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { code: string }).code).toBe('ERR_DEVICES_PROVISION_KEY_REVOKED');
  });

  it('refuses to delete a profile that devices use, saying why', async () => {
    const editor = new DeviceProfileEditorPage(officer);
    const dialogs = new AdminDialogs(officer);
    await editor.open(base(), PROFILE_ID);
    await editor.deleteButton.click();
    await dialogs.confirmButton.click();
    await officer.locator('dialog[open] [data-testid="problem"][data-code="ERR_DEVICES_PROFILE_IN_USE"]').waitFor();
    await shot(officer, 'di-17-profile-in-use.png');
    await officer.locator('dialog[open]').getByRole('button', { name: '取消' }).click();
  });

  it('looks right in English and in the dark theme, at 1920×1080', async () => {
    const shell = new AppShell(officer);
    await shell.setLanguage('en');
    await shell.toggleTheme();
    await officer.setViewportSize(WALL);
    const editor = new DeviceProfileEditorPage(officer);
    await editor.open(base(), PROFILE_ID);
    expect(await officer.getByTestId('di-nav-profiles').textContent()).toBe('Device profiles');
    await editor.payload.fill(payload(215));
    expect((await editor.previewSettled()).ok).toBe('true');
    await shot(officer, 'di-18-profile-english-dark-1920.png');
    const list = new DeviceProfilesPage(officer);
    await list.open(base());
    await shot(officer, 'di-19-profiles-english-dark-1920.png');
    const keys = new ProvisioningKeysPage(officer);
    await keys.open(base());
    await keys.includeRevoked.check();
    await keys.settled();
    await shot(officer, 'di-20-keys-english-dark-1920.png');
    await officer.goto(`${base()}/devices/import`);
    await officer.getByTestId('import-file').waitFor();
    await officer.locator('.di-columns summary').click();
    await shot(officer, 'di-21-import-english-dark-1920.png');
    await shell.setLanguage('zh-CN');
    await shell.toggleTheme();
  });

  it('raised no uncaught errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
