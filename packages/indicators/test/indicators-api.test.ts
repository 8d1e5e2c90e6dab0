import { describeWithPlatform, headerAuthModule, testUser, type InjectOptions } from '@zhicheng/kernel/testing';
import { historyModule, point, testAuthzModule } from '@zhicheng/rules/testing';
import { SAMPLE_NOW, sampleHistory } from '../src/testing/sample-history.js';
import { afterAll, expect, it } from 'vitest';
import { createIndicatorsModule, indicatorsServiceKey } from '../src/index.js';

let clock = new Date(SAMPLE_NOW);
const now = () => clock;
const hub = sampleHistory();
const reader = testUser(['indicators:read'], 'screen');

describeWithPlatform('indicators API', {
  modules: [headerAuthModule, testAuthzModule(), historyModule(hub), createIndicatorsModule({ now })],
}, (t) => {
  const inject = (o: InjectOptions) => t.platform().app.inject(o);
  const byId = async () => new Map(((await inject({ url: '/api/v1/indicators', headers: reader })).json().items as { id: string }[]).map((i) => [i.id, i as unknown as Record<string, unknown>]));
  // The file runs once per engine; the next platform boots (and computes) at the same start time.
  afterAll(() => {
    clock = new Date('2026-01-03T00:00:00Z');
    hub.updates.pop();
  });

  it('computes water targets, scenic load and fire risk, and says "no data" where there is none', async () => {
    const items = await byId();
    // without the environment pack nobody provides the air and water indicators: no data, not zero
    expect(items.get('good-air-days')!.current).toMatchObject({ value: null, status: 'no_data' });
    expect(items.get('scenic-spot-load')!.current).toMatchObject({ value: 90, status: 'warning' });
    expect(items.get('fire-risk-level')!.current).toMatchObject({ value: 5, status: 'critical', detail: { entityId: 'f2' } });
    expect((items.get('fire-risk-level')!.counties as unknown as { code: string; value: number }[]).map((c) => [c.code, c.value]).sort()).toEqual([['513401', 3], ['513422', 5]]);
    const devices = items.get('devices-online')!.current as unknown as { value: null; status: string; detail: { reason: string } };
    expect(devices.value).toBeNull();
    expect(devices.status).toBe('no_data');
    expect(devices.detail.reason).toMatch(/no provider devices.online-ratio/);
  });

  it('keeps a history of values per scope and recomputes when asked', async () => {
    hub.updates.push(point('lugu', Date.parse('2026-01-03T00:30:00Z'), { visitors: 500 }, { entityType: 'ScenicSpot', divisionCode: '513437' }));
    clock = new Date('2026-01-03T01:00:00Z');
    await t.platform().ctx.services.get(indicatorsServiceKey).computeDue(true);
    const range = 'from=2026-01-01T00:00:00Z&to=2026-01-04T00:00:00Z';
    const h = (await inject({ url: `/api/v1/indicators/scenic-spot-load/history?${range}`, headers: reader })).json();
    expect(h.items.map((v: { at: string; value: number; status: string }) => [v.at, v.value, v.status])).toEqual([['2026-01-03T00:00:00.000Z', 90, 'warning'], ['2026-01-03T01:00:00.000Z', 50, 'ok']]);
    const county = (await inject({ url: `/api/v1/indicators/fire-risk-level/history?scope=513422&${range}`, headers: reader })).json();
    expect(county.items.map((v: { value: number }) => v.value)).toEqual([5, 5]);
    expect((await inject({ url: '/api/v1/indicators/nope/history', headers: reader })).json().code).toBe('ERR_INDICATORS_NOT_FOUND');
    expect((await inject({ url: '/api/v1/indicators', headers: testUser([], 'nobody') })).statusCode).toBe(403);
  });
});
