import audit from '@zhicheng/audit';
import { describeWithPlatform, headerAuthModule, testUser, type InjectOptions } from '@zhicheng/kernel/testing';
import { createIndicatorsModule } from '@zhicheng/indicators';
import { historyModule, testAuthzModule } from '@zhicheng/rules/testing';
import { SAMPLE_NOW, sampleHistory } from '@zhicheng/indicators/testing';
import { afterAll, expect, it } from 'vitest';
import environment from '../src/index.js';

let clock = new Date(SAMPLE_NOW);
const now = () => clock;
const hub = sampleHistory();
const reader = testUser(['indicators:read'], 'screen');

describeWithPlatform('environment indicators', {
  modules: [headerAuthModule, testAuthzModule(), audit, historyModule(hub), createIndicatorsModule({ now }), environment],
}, (t) => {
  const inject = (o: InjectOptions) => t.platform().app.inject(o);
  const byId = async () => new Map(((await inject({ url: '/api/v1/indicators', headers: reader })).json().items as { id: string }[]).map((i) => [i.id, i as unknown as Record<string, unknown>]));
  // The file runs once per engine; the next platform boots (and computes) at the same start time.
  afterAll(() => {
    clock = new Date('2026-01-03T00:00:00Z');
  });

  it('counts good-air days by Asia/Shanghai calendar day, per county and for the region', async () => {
    const items = await byId();
    const g = items.get('good-air-days')!;
    expect(g).toMatchObject({ unit: '%', ownerDepartmentId: 'dept_513400_eeb', provider: 'environment.good-air-days' });
    // region: 1 Jan mean(30, 40) = 35 → good; 2 Jan 200 → not good
    expect(g.current).toMatchObject({ value: 50, status: 'critical', detail: { goodDays: 1, daysWithData: 2, year: 2026 } });
    const counties = Object.fromEntries((g.counties as unknown as { code: string; value: number }[]).map((c) => [c.code, c.value]));
    expect(counties).toEqual({ 513401: 50, 513422: 100 });
  });

  it('shares the water sections meeting their target class', async () => {
    const items = await byId();
    expect(items.get('water-sections-meeting-target')!.current).toMatchObject({ value: 50, detail: { meeting: 1, sections: 2 } });
  });
});
