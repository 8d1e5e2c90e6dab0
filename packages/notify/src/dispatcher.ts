import type { Alarm, AlarmEvent } from '@zhicheng/alarms';
import type { Config, Db, Logger, ServiceRegistry } from '@zhicheng/kernel';
import { realtimeServiceKey } from '@zhicheng/realtime';
import type { EmailChannel, SmsProvider } from './channels.js';
import { createNotifyRepository, newId, type Recipient } from './notify-repository.js';
import type { Channel } from './notify-schemas.js';
import { inQuietHours } from './quiet-hours.js';
import { render } from './templates.js';
import { createWebhookRepository } from './webhook-repository.js';

export interface DispatcherDeps {
  db: Db;
  config: Config;
  log: Logger;
  services: ServiceRegistry;
  now: () => Date;
  email: EmailChannel | null;
  sms: SmsProvider | null;
  /** Called after webhook calls were queued. */
  kickOutbox(): void;
}

/** Events after which people are told personally, and at which escalation level. */
const personalLevel = (e: AlarmEvent): number | null =>
  e.action === 'raised' || e.action === 'reopened' ? 0 : e.action === 'escalated' ? e.alarm.escalationLevel : null;

/**
 * Turns alarm events into notifications: the console's live ticker (everyone in scope),
 * webhook calls (queued in the outbox), and personal messages by each recipient's
 * preferences — channels per severity, language, quiet hours (critical overrides), an
 * hourly limit per user and channel. Every personal message is recorded with its status.
 */
export function createDispatcher(deps: DispatcherDeps) {
  const repo = createNotifyRepository(deps.db);
  const hooks = createWebhookRepository(deps.db);
  const realtime = () => deps.services.find(realtimeServiceKey);

  const personal = async (subject: string, e: AlarmEvent, r: Recipient, channel: Channel) => {
    const a = e.alarm;
    const at = deps.now();
    const text = render(e, a, r.language);
    const base = { userId: r.userId, channel, event: subject, alarmId: a.id, language: r.language, subject: text.subject, body: text.body, at };
    const address = channel === 'email' ? r.email : channel === 'sms' ? r.phone : r.userId;
    if (!address) return repo.record({ ...base, recipient: null, status: 'failed', error: `no ${channel} address in the preferences` });
    if (channel !== 'console' && a.severity !== 'critical' && r.quietHours && inQuietHours(r.quietHours.from, r.quietHours.to, at)) {
      return repo.record({ ...base, recipient: address, status: 'quiet_hours' });
    }
    const limit = Math.min(deps.config.ZC_NOTIFY_RATE_PER_HOUR, r.maxPerHour ?? Infinity);
    if ((await repo.sentSince(r.userId, channel, new Date(at.getTime() - 3_600_000))) >= limit) {
      return repo.record({ ...base, recipient: address, status: 'rate_limited' });
    }
    let result: { status: 'sent' | 'logged' | 'failed'; error?: string };
    if (channel === 'console') {
      const rt = realtime();
      if (!rt) result = { status: 'failed', error: 'the realtime service is not running' };
      else {
        await rt.publish('notifications', { event: subject, alarmId: a.id, severity: a.severity, subject: text.subject, body: text.body }, { userIds: [r.userId] });
        result = { status: 'sent' };
      }
    } else if (channel === 'email') {
      result = deps.email ? await deps.email.send(address, text.subject, text.body) : { status: 'failed', error: 'no SMTP server is configured (ZC_SMTP_URL)' };
    } else {
      result = deps.sms ? await deps.sms.send(address, text.short) : { status: 'failed', error: 'no SMS provider is configured (ZC_SMS_PROVIDER)' };
    }
    return repo.record({ ...base, recipient: address, status: result.status, error: result.error ?? null });
  };

  const webhookBody = (subject: string, e: AlarmEvent) => JSON.stringify({ id: newId('evt'), type: subject, action: e.action, actor: e.actor, alarm: e.alarm, sentAt: deps.now().toISOString() });

  return {
    async handle(subject: string, e: AlarmEvent): Promise<void> {
      const a: Alarm = e.alarm;
      await realtime()?.publish('alarms', { event: subject, action: e.action, alarm: a }, { permission: 'alarms:read', departmentId: a.departmentId, divisionCode: a.divisionCode });

      const matching = await hooks.matching(subject, a.severity, a.divisionPath, a.departmentId);
      if (matching.length) {
        await hooks.enqueue(matching.map((w) => ({ id: newId('out'), webhookId: w.id, event: subject, body: webhookBody(subject, e) })), deps.now());
        deps.kickOutbox();
      }

      const level = personalLevel(e);
      if (level === null) return;
      for (const r of await repo.recipients(a, level)) {
        for (const channel of r.channels[a.severity] ?? []) {
          try {
            await personal(subject, e, r, channel);
          } catch (err) {
            deps.log.error({ err, userId: r.userId, channel, alarmId: a.id }, 'notification failed');
          }
        }
      }
    },
  };
}
