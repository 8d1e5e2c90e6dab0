import audit from '@zhicheng/audit';
import { alarmsServiceKey, createAlarmsModule } from '@zhicheng/alarms';
import { describeWithPlatform, headerAuthModule, testUser, type InjectOptions } from '@zhicheng/kernel/testing';
import { settle, testAuthzModule } from '@zhicheng/rules/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createNotifyModule } from '../src/index.js';
import { realtimeDouble, signal, startReceiver, startSmtp } from './notify-helpers.js';

// 2026-05-01T15:00Z is 23:00 in Shanghai
let clock = new Date('2026-05-01T15:00:00Z');
const now = () => clock;
const smtp = await startSmtp();
let secret = '';
const receiver = await startReceiver(() => secret, [500, 503, 200, 200, 200, 200]);
afterAll(async () => {
  await smtp.close();
  await receiver.close();
});

let handles: { outbox: { deliverDue(): Promise<number> }; idle(): Promise<void> } | null = null;
const rt = realtimeDouble();
const env = { ZC_SMTP_URL: smtp.url, ZC_ALLOW_PRIVATE_CALLBACKS: '1', ZC_NOTIFY_RATE_PER_HOUR: '3', ZC_SMTP_FROM: 'Zhicheng <alarms@zhicheng.test>' };
const alice = testUser(['alarms:read', 'alarms:ack', 'rules:manage'], 'alice');
const bob = testUser(['alarms:read'], 'bob');

describeWithPlatform('notifications', {
  env,
  modules: [headerAuthModule, testAuthzModule(), audit, rt.module, createAlarmsModule({ now }), createNotifyModule({ now, onReady: (h) => (handles = h) })],
}, (t) => {
  beforeAll(() => {
    // the same file runs once per engine: start each run from the same clock and empty receivers
    clock = new Date('2026-05-01T15:00:00Z');
    smtp.messages.length = 0;
    receiver.calls.length = 0;
    rt.sent.length = 0;
  });
  const inject = (o: InjectOptions) => t.platform().app.inject(o);
  const alarms = () => t.platform().ctx.services.get(alarmsServiceKey);
  const flush = () => settle(() => handles!.idle());
  const mine = async (headers: InjectOptions['headers']) => (await inject({ url: '/api/v1/notify/notifications/me?limit=200', headers })).json().items as { channel: string; status: string; subject: string; event: string; recipient: string }[];

  it('saves preferences and delivers by channel, language, quiet hours (critical overrides) and escalation level', async () => {
    expect((await inject({ url: '/api/v1/notify/preferences/me', headers: alice })).json().language).toBe('zh-CN');
    const prefs = {
      language: 'en', email: 'alice@example.gov.cn', phone: '13800001234', departmentId: null, divisionCode: '513401', minEscalationLevel: 0,
      channels: { critical: ['console', 'email', 'sms'], major: ['email'], minor: ['email'], warning: [] }, quietHours: { from: '22:00', to: '07:00' },
    };
    expect((await inject({ method: 'PUT', url: '/api/v1/notify/preferences/me', headers: alice, payload: prefs })).statusCode).toBe(200);
    await inject({ method: 'PUT', url: '/api/v1/notify/preferences/me', headers: bob, payload: { ...prefs, language: 'zh-CN', email: 'bob@example.gov.cn', quietHours: null, minEscalationLevel: 1, channels: { ...prefs.channels, critical: ['email'] } } });

    await alarms().applySignals([signal({ ruleId: 'rule_crit' }), signal({ ruleId: 'rule_minor', severity: 'minor' }), signal({ ruleId: 'rule_far', divisionCode: '513422' })]);
    await flush();
    const got = await mine(alice);
    const summary = got.map((n) => `${n.channel}:${n.status}`).sort();
    // critical in quiet hours still goes out on all three; minor e-mail is held; 513422 is outside alice's area
    expect(summary).toEqual(['console:sent', 'email:quiet_hours', 'email:sent', 'sms:logged'].sort());
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.to).toEqual(['alice@example.gov.cn']);
    expect(smtp.messages[0]!.raw).toMatch(/Subject: \[Critical\] New alarm: Anning river above warning level/);
    expect(smtp.messages[0]!.raw).toMatch(/2026-05-01 23:00 \(UTC\+8\)/);
    expect(rt.sent.filter((s) => s.topic === 'notifications').map((s) => s.audience)).toEqual([{ userIds: ['alice'] }]);
    expect(rt.sent.filter((s) => s.topic === 'alarms').length).toBe(3);
    expect(rt.sent.find((s) => s.topic === 'alarms')!.audience).toMatchObject({ permission: 'alarms:read', divisionCode: '513401001' });
    expect(await mine(bob)).toEqual([]);

    // escalation reaches the next level (bob), in his language
    clock = new Date('2026-05-01T15:16:00Z');
    await alarms().escalateDue();
    await flush();
    const bobs = await mine(bob);
    expect(bobs.map((n) => `${n.channel}:${n.status}:${n.event}`)).toEqual(['email:sent:alarms.alarm.escalated']);
    expect(bobs[0]!.subject).toMatch(/^\[紧急\] 告警升级 L1: 安宁河水位超警戒/);
  });

  it('holds back messages past the hourly limit per user and channel', async () => {
    for (const id of ['r1', 'r2', 'r3']) await alarms().applySignals([signal({ ruleId: `rule_rate_${id}` })]);
    await flush();
    const emails = (await mine(alice)).filter((n) => n.channel === 'email' && n.subject.includes('New alarm'));
    // limit 3 an hour: one sent earlier, two more now, the third held back
    expect(emails.map((n) => n.status).sort()).toEqual(['quiet_hours', 'rate_limited', 'sent', 'sent', 'sent']);
  });

  it("lets a user lower their own hourly limit, never raise it past the platform's", async () => {
    const current = (await inject({ url: '/api/v1/notify/preferences/me', headers: alice })).json();
    expect(current.maxPerHour).toBeNull();
    expect((await inject({ method: 'PUT', url: '/api/v1/notify/preferences/me', headers: alice, payload: { ...current, maxPerHour: 1001 } })).statusCode).toBe(400);
    expect((await inject({ method: 'PUT', url: '/api/v1/notify/preferences/me', headers: alice, payload: { ...current, maxPerHour: 1 } })).statusCode).toBe(200);
    expect((await inject({ url: '/api/v1/notify/preferences/me', headers: alice })).json().maxPerHour).toBe(1);

    clock = new Date('2026-05-01T18:00:00Z'); // a fresh hour
    for (const id of ['u1', 'u2']) await alarms().applySignals([signal({ ruleId: `rule_own_${id}` })]);
    await flush();
    const emails = (await mine(alice)).filter((n) => n.channel === 'email' && /rule_own|New alarm/.test(n.subject) && n.event === 'alarms.alarm.raised');
    const recent = emails.slice(0, 2).map((n) => n.status).sort();
    expect(recent).toEqual(['rate_limited', 'sent']);
    // A limit above the platform's (3 here) counts as the platform's.
    await inject({ method: 'PUT', url: '/api/v1/notify/preferences/me', headers: alice, payload: { ...current, maxPerHour: 1000 } });
    clock = new Date('2026-05-01T20:00:00Z');
    for (const id of ['v1', 'v2', 'v3', 'v4']) await alarms().applySignals([signal({ ruleId: `rule_cap_${id}` })]);
    await flush();
    const capped = (await mine(alice)).filter((n) => n.channel === 'email' && n.event === 'alarms.alarm.raised').slice(0, 4).map((n) => n.status).sort();
    expect(capped).toEqual(['rate_limited', 'sent', 'sent', 'sent']);
  });

  it('calls webhooks from a durable outbox, retrying with backoff until the receiver accepts; the receiver verifies the signature', async () => {
    const created = await inject({ method: 'POST', url: '/api/v1/notify/webhooks', headers: alice, payload: { name: 'county IOC', url: receiver.url, minSeverity: 'major', events: ['alarms.alarm.raised'] } });
    expect(created.statusCode).toBe(201);
    const hook = created.json();
    secret = hook.secret;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await inject({ url: '/api/v1/notify/webhooks', headers: alice })).json().items[0]).not.toHaveProperty('secret');
    const [stored] = await t.platform().ctx.db.query<{ secret: string }>('select secret from notify.webhooks where id = $1', [hook.id]);
    expect(stored!.secret.startsWith('zc1:')).toBe(true); // sealed at rest, never the key itself

    clock = new Date('2026-05-02T00:00:00Z');
    await alarms().applySignals([signal({ ruleId: 'rule_hook', sourceId: 'urn:x' }), signal({ ruleId: 'rule_hook_minor', severity: 'minor' })]);
    await flush();
    await handles!.outbox.deliverDue();
    expect(receiver.calls.map((c) => c.status)).toEqual([500]);
    await handles!.outbox.deliverDue(); // not due yet: nothing sent
    expect(receiver.calls).toHaveLength(1);
    clock = new Date(clock.getTime() + 10_000);
    await handles!.outbox.deliverDue();
    clock = new Date(clock.getTime() + 19_000);
    await handles!.outbox.deliverDue(); // 20 s after the second attempt: not yet
    clock = new Date(clock.getTime() + 1_000);
    await handles!.outbox.deliverDue();
    expect(receiver.calls.map((c) => `${c.status}:${c.valid}`)).toEqual(['500:true', '503:true', '200:true']);
    expect(receiver.calls[2]!.event).toBe('alarms.alarm.raised');
    expect(receiver.calls[2]!.body).toMatchObject({ type: 'alarms.alarm.raised', action: 'raised', alarm: { ruleId: 'rule_hook', sourceId: 'urn:x' } });
    const log = (await inject({ url: `/api/v1/notify/webhooks/${hook.id}/deliveries`, headers: alice })).json().items;
    expect(log.map((d: { attempt: number; statusCode: number }) => `${d.attempt}:${d.statusCode}`)).toEqual(['3:200', '2:503', '1:500']);
    await handles!.outbox.deliverDue();
    expect(receiver.calls).toHaveLength(3);
    expect((await inject({ method: 'DELETE', url: `/api/v1/notify/webhooks/${hook.id}`, headers: bob })).statusCode).toBe(403);
  });

  it('refuses webhook URLs that are not http(s)', async () => {
    const bad = await inject({ method: 'POST', url: '/api/v1/notify/webhooks', headers: alice, payload: { name: 'x', url: 'file:///etc/passwd' } });
    expect(bad.json().code).toBe('ERR_NOTIFY_INVALID_URL');
  });
});
