import { createLogger, createMemoryBus, createMetrics, loadConfig, ServiceRegistry, type ModuleContext } from '@zhicheng/kernel';
import { describeWithDb } from '@zhicheng/kernel/testing';
import { expect, it } from 'vitest';
import rulesModule, { historySourceKey, SIGNALS_SUBJECT, type RuleSignal, type SignalsEvent } from '../src/index.js';
import { createRulesRuntime } from '../src/rules-runtime.js';
import { createRulesService } from '../src/rules-service.js';
import { memoryHistory, minutes, point, settle, T0 } from '../src/test-helpers.js';

const config = loadConfig({ LOG_LEVEL: 'silent', ZC_DATA_DIR: '/tmp/zc-unused' });
const log = createLogger(config);

describeWithDb('rule engine state recovery', [rulesModule], (t) => {
  const boot = (now: () => number, withHistory?: ReturnType<typeof memoryHistory>) => {
    const services = new ServiceRegistry();
    if (withHistory) services.provide(historySourceKey, withHistory);
    const ctx = { config, db: t.db(), bus: createMemoryBus(log), mqtt: null, log, metrics: createMetrics(t.db()), services, setAuthenticator() {}, authenticate: async () => null, demo: false } as unknown as ModuleContext;
    const service = createRulesService(ctx);
    const runtime = createRulesRuntime(ctx, service, { now, snapshotMs: 3_600_000, tailMinutes: 120 });
    const signals: RuleSignal[] = [];
    ctx.bus.subscribe<SignalsEvent>(SIGNALS_SUBJECT, (e) => void signals.push(...e.signals));
    const send = (at: number, pm25: number) => ctx.bus.publish('datahub.entity.updated', { entityId: 'urn:s1', entityType: 'AirQualityObserved', departmentId: 'd', divisionCode: '513401', location: null, observedAt: new Date(at).toISOString(), attributes: { pm25 } });
    return { ctx, service, runtime, signals, send };
  };

  it('snapshots at stop, reloads in a new instance, re-reads the tail it missed and continues the window', async () => {
    let now = T0 + minutes(60);
    const first = boot(() => now);
    await first.service.create(null, { id: 'rule_2h', departmentId: 'd', definition: { name: '2 h', enabled: true, severity: 'major', entityType: 'AirQualityObserved', condition: { kind: 'threshold', attribute: 'pm25', op: '>', value: 75, hysteresis: 5, forSeconds: 7200 } } });
    await first.runtime.start();
    await first.send(T0, 90);
    await first.send(T0 + minutes(60), 95);
    await settle(() => first.runtime.idle());
    await first.runtime.stop();
    expect(first.signals).toEqual([]);
    const saved = await t.db().query<{ rule_id: string; state: { pendingSince: number } }>('select rule_id, state from rules.engine_state');
    expect(saved).toEqual([{ rule_id: 'rule_2h', state: expect.objectContaining({ pendingSince: T0, active: false }) }]);

    // While the process was down the data hub stored a reading at +90 min.
    now = T0 + minutes(100);
    const history = memoryHistory([point('urn:s1', T0 + minutes(60), { pm25: 95 }), point('urn:s1', T0 + minutes(90), { pm25: 96 })]);
    const second = boot(() => now, history);
    await second.runtime.start();
    expect(second.signals).toEqual([]);
    now = T0 + minutes(120);
    await second.send(T0 + minutes(120), 97);
    await settle(() => second.runtime.idle());
    expect(second.signals.map((s) => `${s.type}@${(Date.parse(s.at) - T0) / 60_000}`)).toEqual(['raise@120']);
    await second.runtime.stop();
  });

  it('a dip below the clear level in the missed tail restarts the duration after a restart', async () => {
    await t.db().exec('delete from rules.engine_state; delete from rules.engine_meta');
    let now = T0 + minutes(60);
    const first = boot(() => now);
    await first.runtime.start();
    await first.send(T0, 90);
    await settle(() => first.runtime.idle());
    await first.runtime.stop();
    now = T0 + minutes(100);
    const second = boot(() => now, memoryHistory([point('urn:s1', T0 + minutes(80), { pm25: 10 }, { entityType: 'AirQualityObserved' })]));
    await second.runtime.start();
    now = T0 + minutes(125);
    await second.send(T0 + minutes(125), 97);
    await settle(() => second.runtime.idle());
    expect(second.signals).toEqual([]);
    await second.runtime.stop();
  });
});
