import audit from '@zhicheng/audit';
import { createIndicatorsModule, indicatorsServiceKey } from '@zhicheng/indicators';
import { describeWithPlatform, headerAuthModule, testUser, type InjectOptions } from '@zhicheng/kernel/testing';
import { testAuthzModule } from '@zhicheng/rules/testing';
import { afterAll, expect, it } from 'vitest';
import { alarmsServiceKey, createAlarmsModule } from '../src/index.js';

let clock = new Date('2026-01-03T00:00:00Z');
const now = () => clock;
const reader = testUser(['indicators:read'], 'screen');

describeWithPlatform('alarm indicators', { modules: [headerAuthModule, testAuthzModule(), audit, createIndicatorsModule({ now }), createAlarmsModule({ now })] }, (t) => {
  const inject = (o: InjectOptions) => t.platform().app.inject(o);
  const byId = async () => new Map(((await inject({ url: '/api/v1/indicators', headers: reader })).json().items as { id: string }[]).map((i) => [i.id, i as unknown as Record<string, unknown>]));
  afterAll(() => {
    clock = new Date('2026-01-03T00:00:00Z');
  });

  it('follows open and overdue alarms, and keeps a history', async () => {
    const base = { type: 'raise' as const, ruleVersion: 1, ruleName: 'r', ruleDepartmentId: null, sourceType: 'X', departmentId: null, at: clock.toISOString(), value: 1, reason: 't', message: null };
    await t.platform().ctx.services.get(alarmsServiceKey).applySignals([
      { ...base, ruleId: 'r1', sourceId: 'a', severity: 'critical', divisionCode: '513401001' },
      { ...base, ruleId: 'r1', sourceId: 'b', severity: 'minor', divisionCode: '513422' },
    ]);
    clock = new Date('2026-01-03T01:00:00Z');
    const service = t.platform().ctx.services.get(indicatorsServiceKey);
    await service.computeDue(true);
    const items = await byId();
    expect(items.get('open-alarms')!.current).toMatchObject({ value: 2, detail: { bySeverity: { critical: 1, minor: 1 } } });
    expect(items.get('open-alarms-critical')!.current).toMatchObject({ value: 1, status: 'warning' });
    expect(items.get('alarms-overdue')!.current).toMatchObject({ value: 1, status: 'warning' }); // after 60 min the critical one (15 min) is overdue, the minor one (120 min) not yet
    const h = (await inject({ url: '/api/v1/indicators/open-alarms/history?from=2026-01-01T00:00:00Z&to=2026-01-04T00:00:00Z', headers: reader })).json();
    expect(h.items.map((v: { at: string; value: number }) => [v.at, v.value])).toEqual([['2026-01-03T00:00:00.000Z', 0], ['2026-01-03T01:00:00.000Z', 2]]);
    const county = (await inject({ url: '/api/v1/indicators/open-alarms/history?scope=513422&from=2026-01-01T00:00:00Z&to=2026-01-04T00:00:00Z', headers: reader })).json();
    expect(county.items.map((v: { value: number }) => v.value)).toEqual([1]);
    expect((await inject({ url: '/api/v1/indicators/nope/history', headers: reader })).json().code).toBe('ERR_INDICATORS_NOT_FOUND');
    expect((await inject({ url: '/api/v1/indicators', headers: testUser([], 'nobody') })).statusCode).toBe(403);
  });
});
