import audit from '@zhicheng/audit';
import { describeWithPlatform, headerAuthModule, testUser, type InjectOptions } from '@zhicheng/kernel/testing';
import { expect, it } from 'vitest';
import { createRulesModule } from '../src/index.js';
import { historyModule, memoryHistory, testAuthzModule } from '../src/test-helpers.js';

/** What the console's rules pages rely on beyond the basic API (rules-api.test.ts). */
const manager = testUser(['alarms:read', 'rules:manage'], 'manager');
const regionReader = testUser(['alarms:read'], 'region-reader');
const countyReader = testUser(['alarms:read'], 'xichang-reader');

const def = (over: Record<string, unknown> = {}) => ({
  name: 'PM2.5 > 75', severity: 'major', entityType: 'AirQualityObserved',
  condition: { kind: 'threshold', attribute: 'pm25', op: '>', value: 75 }, ...over,
});

describeWithPlatform('rules API for the console', {
  // The double scopes by code prefix: '5134' stands for the prefecture 513400 and its counties.
  modules: [headerAuthModule, testAuthzModule({ 'region-reader': '5134', 'xichang-reader': '513401' }), audit, historyModule(memoryHistory([])), createRulesModule()],
}, (t) => {
  const inject = (o: InjectOptions) => t.platform().app.inject(o);
  const ids = (body: { items: { id: string }[] }) => body.items.map((r) => r.id);

  it('lists a rule without a division to readers scoped to the region (as GET /rules/:id shows it), not to a county', async () => {
    await inject({ method: 'POST', url: '/api/v1/rules', headers: manager, payload: { id: 'rule_region', definition: def() } });
    await inject({ method: 'POST', url: '/api/v1/rules', headers: manager, payload: { id: 'rule_xichang', definition: def({ divisionCode: '513401' }) } });
    expect(ids((await inject({ url: '/api/v1/rules', headers: regionReader })).json())).toEqual(['rule_region', 'rule_xichang']);
    expect((await inject({ url: '/api/v1/rules/rule_region', headers: regionReader })).statusCode).toBe(200);
    expect(ids((await inject({ url: '/api/v1/rules', headers: countyReader })).json())).toEqual(['rule_xichang']);
    // paging past the last row still counts them
    expect((await inject({ url: '/api/v1/rules?offset=5', headers: regionReader })).json()).toEqual({ items: [], total: 2 });
  });

  it('filters by division: exactly that division, a rule without one counting as the region', async () => {
    expect(ids((await inject({ url: '/api/v1/rules?divisionCode=513401', headers: manager })).json())).toEqual(['rule_xichang']);
    expect(ids((await inject({ url: '/api/v1/rules?divisionCode=513400', headers: manager })).json())).toEqual(['rule_region']);
    expect((await inject({ url: '/api/v1/rules?divisionCode=51', headers: manager })).statusCode).toBe(400);
  });

  it('names the field of an invalid condition in `errors`, for the same code as before', async () => {
    const post = async (condition: unknown) => (await inject({ method: 'POST', url: '/api/v1/rules', headers: manager, payload: { definition: def({ condition }) } })).json();
    const missing = await post({ kind: 'threshold', attribute: 'pm25', op: '>' });
    expect(missing.code).toBe('ERR_RULES_INVALID_CONDITION');
    expect(missing.errors).toEqual([{ path: 'body/definition/condition/value', message: expect.any(String) }]);
    const both = await post({ kind: 'threshold', op: '>', value: 1 });
    expect(both.errors[0].path).toBe('body/definition/condition/attribute');
    const rate = await post({ kind: 'rate', attribute: 'pm25', op: '>', value: 1, windowSeconds: 0 });
    expect(rate.errors[0].path).toBe('body/definition/condition/windowSeconds');
    const preview = (await inject({ method: 'POST', url: '/api/v1/rules/preview', headers: manager, payload: { definition: def({ condition: { kind: 'threshold', attribute: 'pm25', op: '>', value: 'x' } }) } })).json();
    expect(preview).toMatchObject({ code: 'ERR_RULES_INVALID_CONDITION', errors: [{ path: 'body/definition/condition/value' }] });
  });
});
