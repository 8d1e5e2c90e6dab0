import audit from '@zhicheng/audit';
import { describeWithPlatform, headerAuthModule, testUser, type InjectOptions } from '@zhicheng/kernel/testing';
import { expect, it } from 'vitest';
import { createRulesModule } from '../src/index.js';
import { historyModule, memoryHistory, point, testAuthzModule } from '../src/test-helpers.js';

const NOW = Date.parse('2026-05-01T12:00:00Z');
const H = 3600_000;
const history = memoryHistory([
  ...[0, 1, 2, 3, 4, 5, 6].map((h) => point('urn:a', NOW - 10 * H + h * H, { pm25: [60, 80, 90, 95, 70, 60, 50][h] })),
  point('urn:b', NOW - 3 * H, { pm25: 200 }, { divisionCode: '513422' }),
  point('urn:old', NOW - 30 * H, { pm25: 500 }),
]);

const manager = testUser(['alarms:read', 'rules:manage'], 'manager');
const county = testUser(['alarms:read', 'rules:manage'], 'xichang-officer');
const reader = testUser(['alarms:read'], 'reader');

const def = (over: Record<string, unknown> = {}) => ({
  name: 'PM2.5 24h > 75 for 2 h', severity: 'major', entityType: 'AirQualityObserved',
  condition: { kind: 'threshold', attribute: 'pm25', op: '>', value: 75, hysteresis: 10, forSeconds: 7200 }, ...over,
});

describeWithPlatform('rules API', { modules: [headerAuthModule, testAuthzModule({ 'xichang-officer': '513401' }), audit, historyModule(history), createRulesModule({ now: () => NOW })] }, (t) => {
  const inject = (o: InjectOptions) => t.platform().app.inject(o);

  it('creates, edits (a new version each time) and lists rules; stale edits answer 409', async () => {
    const c = await inject({ method: 'POST', url: '/api/v1/rules', headers: manager, payload: { id: 'rule_a', departmentId: 'dept-env', definition: def() } });
    expect(c.statusCode).toBe(201);
    expect(c.json()).toMatchObject({ id: 'rule_a', version: 1, departmentId: 'dept-env', definition: { enabled: true } });
    const u = await inject({ method: 'PUT', url: '/api/v1/rules/rule_a', headers: manager, payload: { expectedVersion: 1, definition: def({ severity: 'critical' }) } });
    expect(u.json()).toMatchObject({ version: 2, definition: { severity: 'critical' }, updatedBy: 'manager' });
    const stale = await inject({ method: 'PUT', url: '/api/v1/rules/rule_a', headers: manager, payload: { expectedVersion: 1, definition: def() } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('ERR_RULES_VERSION_CONFLICT');
    const v = (await inject({ url: '/api/v1/rules/rule_a/versions', headers: reader })).json();
    expect(v.items.map((x: { version: number; change: string }) => `${x.version}:${x.change}`)).toEqual(['2:updated', '1:created']);
    expect(v.items[1].definition.severity).toBe('major');
    const list = (await inject({ url: '/api/v1/rules?kind=threshold', headers: reader })).json();
    expect(list.items.map((r: { id: string }) => r.id)).toEqual(['rule_a']);
    expect((await inject({ method: 'DELETE', url: '/api/v1/rules/rule_a', headers: reader })).statusCode).toBe(403);
    expect((await inject({ method: 'DELETE', url: '/api/v1/rules/rule_a', headers: manager })).statusCode).toBe(204);
    expect((await inject({ url: '/api/v1/rules/rule_a', headers: reader })).json().code).toBe('ERR_RULES_NOT_FOUND');
    const rows = await t.platform().ctx.db.query<{ action: string }>("select action from audit.records where object_id = 'rule_a' order by seq");
    expect(rows.map((r) => r.action)).toEqual(['rules.rule.created', 'rules.rule.updated', 'rules.rule.deleted']);
  });

  it('refuses invalid conditions with stable codes', async () => {
    const post = (definition: unknown) => inject({ method: 'POST', url: '/api/v1/rules', headers: manager, payload: { definition } });
    expect((await post(def({ condition: { kind: 'magic' } }))).json().code).toBe('ERR_RULES_UNKNOWN_KIND');
    expect((await post(def({ condition: { kind: 'threshold', op: '>', value: 1 } }))).json().code).toBe('ERR_RULES_INVALID_CONDITION');
    expect((await post(def({ condition: { kind: 'rate', attribute: 'pm25', op: '>', value: 1 } }))).json().code).toBe('ERR_RULES_INVALID_CONDITION');
    expect((await post(def({ condition: { kind: 'expression', expression: 'attributes.(', attributes: ['pm25'] } }))).json().code).toBe('ERR_RULES_INVALID_EXPRESSION');
    expect((await post(def({ schedule: { hours: [{ from: '25:00', to: '06:00' }] } }))).json().code).toBe('ERR_VALIDATION');
  });

  it('keeps a county user to rules of their county', async () => {
    const other = await inject({ method: 'POST', url: '/api/v1/rules', headers: county, payload: { definition: def({ divisionCode: '513422' }) } });
    expect(other.json().code).toBe('ERR_RULES_OUT_OF_SCOPE');
    const mine = await inject({ method: 'POST', url: '/api/v1/rules', headers: county, payload: { id: 'rule_xc', definition: def({ divisionCode: '513401' }) } });
    expect(mine.statusCode).toBe(201);
    await inject({ method: 'POST', url: '/api/v1/rules', headers: manager, payload: { id: 'rule_all', definition: def() } });
    const seen = (await inject({ url: '/api/v1/rules', headers: county })).json();
    expect(seen.items.map((r: { id: string }) => r.id)).toEqual(['rule_xc']);
    expect((await inject({ url: '/api/v1/rules/rule_all', headers: county })).statusCode).toBe(404);
  });

  it('previews a draft over the last hours of history without raising anything', async () => {
    const r = await inject({ method: 'POST', url: '/api/v1/rules/preview', headers: manager, payload: { definition: def(), hours: 24 } });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    // urn:a: above 75 from -9 h; raised at -7 h (2 h later); 70 at -6 h is in the band; 60 at -5 h clears
    expect(body.firings).toEqual([
      { entityId: 'urn:a', raisedAt: new Date(NOW - 7 * H).toISOString(), clearedAt: new Date(NOW - 5 * H).toISOString(), value: 95 },
    ]);
    expect(body).toMatchObject({ points: 8, entities: 2, truncated: false, to: new Date(NOW).toISOString() });
    const fast = (await inject({ method: 'POST', url: '/api/v1/rules/preview', headers: manager, payload: { definition: def({ condition: { kind: 'threshold', attribute: 'pm25', op: '>', value: 150 } }), hours: 24 } })).json();
    expect(fast.firings.map((f: { entityId: string; clearedAt: string | null }) => [f.entityId, f.clearedAt])).toEqual([['urn:b', null]]);
    const silent = (await inject({ method: 'POST', url: '/api/v1/rules/preview', headers: manager, payload: { definition: def({ condition: { kind: 'noData', timeoutSeconds: 5400 } }), hours: 12 } })).json();
    // every known entity is watched from the window's start; the timer runs at each observation's time
    // (and at the end), so a no-data firing is placed at the first observation after the timeout
    expect(silent.firings.map((f: { entityId: string; raisedAt: string; clearedAt: string | null }) => [f.entityId, (Date.parse(f.raisedAt) - NOW) / H, f.clearedAt && (Date.parse(f.clearedAt) - NOW) / H]))
      .toEqual([['urn:old', -8, null], ['urn:b', -8, -3], ['urn:a', 0, null], ['urn:b', 0, null]]);
    expect((await t.platform().ctx.db.query('select 1 from rules.engine_state')).length).toBe(0);
  });

  it('reports engine health and metrics', async () => {
    const h = (await inject({ url: '/api/v1/rules/health', headers: reader })).json();
    expect(h).toMatchObject({ status: 'ok', queueDepth: 0, lagMs: 0, historySource: true, errors: [] });
    expect((await inject({ url: '/metrics' })).body).toMatch(/zc_rules_evaluation_lag_seconds 0/);
  });
});
