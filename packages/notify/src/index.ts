import type { AlarmEvent } from '@zhicheng/alarms';
import { defineModule, readMigrations, rolesOf, type ModuleManifest } from '@zhicheng/kernel';
import { createEmailChannel, createLoggingSmsProvider, type EmailChannel, type SmsProvider } from './channels.js';
import { createDispatcher } from './dispatcher.js';
import { notifyRoutes } from './routes.js';
import { createWebhookOutbox } from './webhook-outbox.js';

export { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER, EVENT_HEADER } from './webhook-sender.js';
export { isPrivateAddress, resolveCallback } from './url-guard.js';
export { backoffMs } from './webhook-outbox.js';
export { createLoggingSmsProvider, type SmsProvider } from './channels.js';
export * from './notify-schemas.js';

export interface NotifyModuleOptions {
  now?: () => Date;
  /** Replaces the configured SMS provider (a real gateway, or a test double). */
  sms?: SmsProvider;
  /** Outbox poll period (default 5 s). */
  outboxPollMs?: number;
  /** First webhook retry delay (default 10 s). */
  retryBaseMs?: number;
  onReady?(handles: { outbox: ReturnType<typeof createWebhookOutbox>; idle(): Promise<void> }): void;
}

/**
 * Notifications: console (through the realtime service), webhooks (signed, durable outbox,
 * retries), e-mail (SMTP) and SMS (provider interface; the bundled one only logs, for the demo).
 * NGSI-LD subscriptions are the context broker's: they notify about entity changes by the
 * NGSI-LD standard; these channels notify people and systems about alarms.
 */
export function createNotifyModule(opts: NotifyModuleOptions = {}): ModuleManifest {
  const now = opts.now ?? (() => new Date());
  let email: EmailChannel | null = null;
  let unsub: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  const inFlight = new Set<Promise<void>>();
  let outbox: ReturnType<typeof createWebhookOutbox> | null = null;
  return defineModule({
    name: 'notify',
    migrations: readMigrations('notify', new URL('../migrations/', import.meta.url)),
    routes: (app, ctx) => notifyRoutes(app, ctx, now),
    start(ctx) {
      const roles = rolesOf(ctx.config);
      if (!roles.has('worker') && !roles.has('rules')) return;
      email = ctx.config.ZC_SMTP_URL ? createEmailChannel(ctx.config.ZC_SMTP_URL, ctx.config.ZC_SMTP_FROM) : null;
      const sms = opts.sms ?? (ctx.config.ZC_SMS_PROVIDER === 'log' ? createLoggingSmsProvider(ctx.log) : null);
      const box = (outbox = createWebhookOutbox(ctx.db, { now, allowPrivate: ctx.config.ZC_ALLOW_PRIVATE_CALLBACKS === '1', maxAttempts: ctx.config.ZC_WEBHOOK_MAX_ATTEMPTS, baseDelayMs: opts.retryBaseMs, openSecret: (s) => ctx.secrets.open(s) }));
      const kick = () => void box.deliverDue().catch((err: unknown) => ctx.log.error({ err }, 'webhook delivery failed'));
      const dispatcher = createDispatcher({ db: ctx.db, config: ctx.config, log: ctx.log, services: ctx.services, now, email, sms, kickOutbox: kick });
      // One event at a time, in order: rate limits count what was sent before, and a clear never overtakes its raise.
      let tail: Promise<void> = Promise.resolve();
      unsub = ctx.bus.subscribe<AlarmEvent>('alarms.alarm.*', (e, subject) => {
        const p: Promise<void> = (tail = tail.then(() => dispatcher.handle(subject, e)).catch((err: unknown) => ctx.log.error({ err, subject }, 'alarm notification failed'))).finally(() => inFlight.delete(p));
        inFlight.add(p);
        return p;
      }, { queue: 'notify' });
      timer = setInterval(kick, opts.outboxPollMs ?? 5_000);
      timer.unref();
      opts.onReady?.({ outbox: box, idle: async () => { while (inFlight.size) await Promise.allSettled([...inFlight]); } });
    },
    async stop() {
      unsub?.();
      if (timer) clearInterval(timer);
      while (inFlight.size) await Promise.allSettled([...inFlight]);
      await outbox?.idle();
      email?.close();
    },
  });
}

export default createNotifyModule();
