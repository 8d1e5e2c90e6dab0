import audit from '@zhicheng/audit';
import { describeWithPlatform, headerAuthModule, testUser, type InjectOptions } from '@zhicheng/kernel/testing';
import { createRulesModule, type RuleSignal, type RulesRuntime } from '@zhicheng/rules';
import { settle, testAuthzModule } from '@zhicheng/rules/testing';
import { defineModule, serviceKey } from '@zhicheng/kernel';
import { expect, it } from 'vitest';
import { alarmsServiceKey, createAlarmsModule, type AlarmEvent } from '../src/index.js';

let clock = new Date('2026-05-01T00:00:00Z');
let runtime: RulesRuntime | null = null;
let intakeDrain: () => Promise<void> = async () => {};
const rules = createRulesModule({ now: () => clock.getTime(), onRuntime: (r) => (runtime = r) });
const alarms = createAlarmsModule({ now: () => clock, onIntake: (i) => (intakeDrain = () => i.drain()) });

const operator = testUser(['alarms:read', 'alarms:ack', 'rules:manage'], 'operator');
const county = testUser(['alarms:read', 'alarms:ack'], 'xichang-officer');
const viewer = testUser(['alarms:read'], 'viewer');

const signal = (over: Partial<RuleSignal>): RuleSignal => ({
  type: 'raise', ruleId: 'rule_t', ruleVersion: 1, ruleName: 'test', ruleDepartmentId: 'dept-env', severity: 'critical', sourceId: 'urn:ngsi-ld:AirQualityObserved:x',
  sourceType: 'AirQualityObserved', departmentId: 'dept-env', divisionCode: '513401001', at: clock.toISOString(), value: 1, reason: 'test', message: null, ...over,
});

/** Identity's user directory as the alarms module sees it: two active accounts. */
const directoryModule = defineModule({
  name: 'test-user-directory',
  init(ctx) {
    const users = new Map([['u-dispatcher', '调度员'], ['u-operator', '值班员']]);
    ctx.services.provide(serviceKey<{ activeUser(id: string): Promise<{ id: string; displayName: string } | null> }>('identity.userDirectory'), {
      activeUser: async (id) => (users.has(id) ? { id, displayName: users.get(id)! } : null),
    });
  },
});

describeWithPlatform('alarms API', { modules: [headerAuthModule, testAuthzModule({ 'xichang-officer': '513401' }), directoryModule, audit, alarms, rules] }, (t) => {
  const inject = (o: InjectOptions) => t.platform().app.inject(o);
  const service = () => t.platform().ctx.services.get(alarmsServiceKey);
  const events: { subject: string; e: AlarmEvent }[] = [];
  const listen = () => t.platform().ctx.bus.subscribe<AlarmEvent>('alarms.alarm.*', (e, subject) => void events.push({ subject, e }));

  it('raises an alarm from the data stream through a rule created by API, and clears it', async () => {
    listen();
    const created = await inject({
      method: 'POST', url: '/api/v1/rules', headers: operator,
      payload: { id: 'rule_pm25', departmentId: 'dept-env', definition: { name: 'PM2.5 high', severity: 'major', entityType: 'AirQualityObserved', condition: { kind: 'threshold', attribute: 'pm25', op: '>', value: 75, hysteresis: 5, forSeconds: 0 }, message: { zh: 'PM2.5 超标', en: 'PM2.5 high' } } },
    });
    expect(created.statusCode).toBe(201);
    await settle(() => runtime!.idle());
    const publish = (v: number, at: string, id = 'urn:ngsi-ld:AirQualityObserved:xc-1', divisionCode = '513401001') =>
      t.platform().ctx.bus.publish('datahub.entity.updated', { tenant: null, entityId: id, entityType: 'AirQualityObserved', departmentId: 'dept-env', divisionCode, location: [102.26, 27.89], observedAt: at, attributes: { pm25: v } });
    await publish(90, '2026-05-01T00:00:00Z');
    await publish(80, '2026-05-01T00:05:00Z', 'urn:ngsi-ld:AirQualityObserved:yy-1', '513422');
    await settle(() => runtime!.idle(), intakeDrain);
    const list = (await inject({ url: '/api/v1/alarms?ruleId=rule_pm25', headers: operator })).json();
    expect(list.total).toBe(2);
    const xc = list.items.find((a: { sourceId: string }) => a.sourceId.endsWith('xc-1'));
    expect(xc).toMatchObject({ state: 'active_unack', severity: 'major', divisionCode: '513401001', divisionPath: ['510000', '513400', '513401', '513401001'], count: 1, message: { en: 'PM2.5 high' } });
    expect(events.some((x) => x.subject === 'alarms.alarm.raised' && x.e.alarm.id === xc.id)).toBe(true);

    await publish(72, '2026-05-01T00:10:00Z'); // inside the hysteresis band
    await publish(60, '2026-05-01T00:15:00Z');
    await settle(() => runtime!.idle(), intakeDrain);
    const after = (await inject({ url: `/api/v1/alarms/${xc.id}`, headers: operator })).json();
    expect(after).toMatchObject({ state: 'cleared_unack', active: false, acknowledged: false, clearedBy: 'rule' });
    const health = (await inject({ url: '/api/v1/rules/health', headers: operator })).json();
    expect(health).toMatchObject({ status: 'ok', rulesLoaded: 1, queueDepth: 0, pointsProcessed: 4 });
    const metrics = (await inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/zc_rules_queue_depth 0/);
    expect(metrics).toMatch(/zc_rules_points_evaluated_total 4/);
  });

  it('keeps one alarm per rule and source: repeats count, an unacknowledged cleared alarm reopens', async () => {
    const s = service();
    const [first] = await s.applySignals([signal({ ruleId: 'rule_d' })]);
    await s.applySignals([signal({ ruleId: 'rule_d' }), signal({ ruleId: 'rule_d', type: 'clear' }), signal({ ruleId: 'rule_d' })]);
    const a = (await inject({ url: `/api/v1/alarms/${first!.alarm.id}`, headers: operator })).json();
    expect(a).toMatchObject({ state: 'active_unack', count: 3 });
    const h = (await inject({ url: `/api/v1/alarms/${a.id}/history`, headers: operator })).json();
    expect(h.items.map((x: { action: string }) => x.action)).toEqual(['raised', 'repeated', 'cleared', 'reopened']);
    // acknowledged and cleared = closed: the next raise is a new alarm
    expect((await inject({ method: 'POST', url: `/api/v1/alarms/${a.id}/acknowledge`, headers: operator, payload: { comment: 'on it' } })).json().state).toBe('active_ack');
    await s.applySignals([signal({ ruleId: 'rule_d', type: 'clear' })]);
    expect((await inject({ url: `/api/v1/alarms/${a.id}`, headers: operator })).json().state).toBe('cleared_ack');
    const [again] = await s.applySignals([signal({ ruleId: 'rule_d' })]);
    expect(again!.alarm.id).not.toBe(a.id);
    expect(again!.action).toBe('raised');
  });

  it('escalates unacknowledged alarms past their deadline by severity, with an injected clock', async () => {
    const svc = service();
    const mine = (list: Awaited<ReturnType<typeof svc.escalateDue>>) => list.filter((a) => a.ruleId.startsWith('rule_e'));
    const s = { applySignals: svc.applySignals, escalateDue: async () => mine(await svc.escalateDue()) };
    clock = new Date('2026-05-02T00:00:00Z');
    const [crit] = await s.applySignals([signal({ ruleId: 'rule_e', severity: 'critical' })]);
    const [minor] = await s.applySignals([signal({ ruleId: 'rule_e2', severity: 'minor' })]);
    expect(crit!.alarm.escalateAt).toBe('2026-05-02T00:15:00.000Z');
    clock = new Date('2026-05-02T00:14:59Z');
    expect(await s.escalateDue()).toEqual([]);
    clock = new Date('2026-05-02T00:15:00Z');
    events.length = 0;
    const up = await s.escalateDue();
    expect(up.map((a) => [a.id, a.escalationLevel, a.escalateAt])).toEqual([[crit!.alarm.id, 1, '2026-05-02T00:30:00.000Z']]);
    await settle();
    expect(events.filter((x) => x.subject === 'alarms.alarm.escalated').map((x) => x.e.alarm.id)).toEqual([crit!.alarm.id]);
    clock = new Date('2026-05-02T02:00:00Z');
    const next = await s.escalateDue();
    expect(next.map((a) => [a.id, a.escalationLevel]).sort()).toEqual([[crit!.alarm.id, 2], [minor!.alarm.id, 1]].sort());
    await inject({ method: 'POST', url: `/api/v1/alarms/${minor!.alarm.id}/acknowledge`, headers: operator });
    clock = new Date('2026-05-03T00:00:00Z');
    const last = await s.escalateDue();
    expect(last.map((a) => [a.id, a.escalationLevel, a.escalateAt])).toEqual([[crit!.alarm.id, 3, null]]); // max level 3
    expect(await s.escalateDue()).toEqual([]);
    const h = (await inject({ url: `/api/v1/alarms/${crit!.alarm.id}/history`, headers: operator })).json();
    expect(h.items.filter((x: { action: string }) => x.action === 'escalated')).toHaveLength(3);
  });

  it('shows a county user only their county, in lists and one by one', async () => {
    const s = service();
    const [inside] = await s.applySignals([signal({ ruleId: 'rule_c', sourceId: 'in', divisionCode: '513401002' })]);
    const [outside] = await s.applySignals([signal({ ruleId: 'rule_c', sourceId: 'out', divisionCode: '513422' })]);
    const mine = (await inject({ url: '/api/v1/alarms?ruleId=rule_c', headers: county })).json();
    expect(mine.items.map((a: { sourceId: string }) => a.sourceId)).toEqual(['in']);
    expect(mine.total).toBe(1);
    expect((await inject({ url: `/api/v1/alarms/${outside!.alarm.id}`, headers: county })).statusCode).toBe(404);
    expect((await inject({ method: 'POST', url: `/api/v1/alarms/${outside!.alarm.id}/acknowledge`, headers: county })).json().code).toBe('ERR_ALARMS_NOT_FOUND');
    expect((await inject({ url: `/api/v1/alarms/${inside!.alarm.id}`, headers: county })).statusCode).toBe(200);
    const all = (await inject({ url: '/api/v1/alarms?ruleId=rule_c&division=513422', headers: operator })).json();
    expect(all.items.map((a: { sourceId: string }) => a.sourceId)).toEqual(['out']);
    const byPrefecture = (await inject({ url: '/api/v1/alarms?ruleId=rule_c&division=513400&limit=1&offset=1', headers: operator })).json();
    expect(byPrefecture.total).toBe(2);
    expect(byPrefecture.items).toHaveLength(1);
  });

  it('assigns, comments, clears by hand; needs alarms:ack; audits and filters', async () => {
    const s = service();
    const [e] = await s.applySignals([signal({ ruleId: 'rule_m', severity: 'warning' })]);
    const id = e!.alarm.id;
    expect((await inject({ method: 'POST', url: `/api/v1/alarms/${id}/acknowledge`, headers: viewer })).statusCode).toBe(403);
    const unknown = await inject({ method: 'POST', url: `/api/v1/alarms/${id}/assign`, headers: operator, payload: { assignee: 'u-nobody' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('ERR_ALARMS_ASSIGNEE_UNKNOWN');
    expect((await inject({ method: 'POST', url: `/api/v1/alarms/${id}/assign`, headers: operator, payload: { assignee: 'u-dispatcher' } })).json().assignee).toBe('u-dispatcher');
    expect((await inject({ method: 'POST', url: `/api/v1/alarms/${id}/comments`, headers: operator, payload: { comment: '已通知现场' } })).statusCode).toBe(200);
    expect((await inject({ method: 'POST', url: `/api/v1/alarms/${id}/clear`, headers: operator })).json().state).toBe('cleared_unack');
    const again = await inject({ method: 'POST', url: `/api/v1/alarms/${id}/clear`, headers: operator });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ERR_ALARMS_ALREADY_CLEARED');
    const h = (await inject({ url: `/api/v1/alarms/${id}/history`, headers: operator })).json().items;
    expect(h.map((x: { action: string; actor: string }) => `${x.action}:${x.actor}`)).toEqual(['raised:rule:rule_m', 'assigned:operator', 'commented:operator', 'cleared:operator']);
    expect(h[2].comment).toBe('已通知现场');
    const rows = await t.platform().ctx.db.query<{ action: string; outcome: string }>("select action, outcome from audit.records where object_id = $1 order by seq", [id]);
    expect(rows.map((r) => `${r.action}:${r.outcome}`)).toEqual(['alarms.alarm.assigned:success', 'alarms.alarm.commented:success', 'alarms.alarm.cleared:success', 'alarms.alarm.cleared:failure']);
    const warnings = (await inject({ url: '/api/v1/alarms?severity=warning,minor&state=cleared_unack', headers: operator })).json();
    expect(warnings.items.map((a: { id: string }) => a.id)).toContain(id);
    expect((await inject({ url: '/api/v1/alarms?severity=fatal', headers: operator })).statusCode).toBe(400);
  });
});
