-- Notifications: per-user preferences, a record of every notification (with its status),
-- webhook subscriptions with a durable outbox and a log of every delivery attempt.
create schema if not exists notify;

create table notify.preferences (
  user_id              text primary key,
  language             text not null default 'zh-CN' check (language in ('zh-CN', 'en')),
  email                text,
  phone                text,
  -- the area whose alarms the user wants (null = anywhere the user may see)
  department_id        text,
  division_code        text,
  -- 0 = told when an alarm is raised; n = told when it escalates to level n
  min_escalation_level int not null default 0,
  -- severity → channels, e.g. {"critical": ["console", "email", "sms"], "warning": ["console"]}
  channels             jsonb not null,
  quiet_from           text,
  quiet_to             text,
  updated_at           timestamptz not null
);
create index preferences_division_idx on notify.preferences (division_code);

create table notify.notifications (
  id         text primary key,
  user_id    text,
  channel    text not null check (channel in ('console', 'email', 'sms', 'webhook')),
  event      text not null,
  alarm_id   text,
  language   text,
  recipient  text,
  subject    text,
  body       text,
  status     text not null check (status in ('sent', 'logged', 'queued', 'failed', 'quiet_hours', 'rate_limited')),
  error      text,
  created_at timestamptz not null,
  sent_at    timestamptz
);
create index notifications_user_idx on notify.notifications (user_id, channel, created_at);
create index notifications_alarm_idx on notify.notifications (alarm_id);

create table notify.webhooks (
  id            text primary key,
  name          text not null,
  url           text not null,
  -- the HMAC key, sealed with the kernel's secret box (AES-256-GCM); shown once at creation, never listed
  secret        text not null,
  department_id text,
  division_code text,
  min_severity  text not null check (min_severity in ('critical', 'major', 'minor', 'warning')),
  events        text[] not null,
  enabled       boolean not null default true,
  created_by    text,
  created_at    timestamptz not null
);

create table notify.webhook_outbox (
  id              text primary key,
  webhook_id      text not null,
  event           text not null,
  body            text not null,
  attempts        int not null default 0,
  next_attempt_at timestamptz not null,
  status          text not null check (status in ('pending', 'delivered', 'dead')),
  last_error      text,
  created_at      timestamptz not null,
  delivered_at    timestamptz
);
create index webhook_outbox_due_idx on notify.webhook_outbox (next_attempt_at) where status = 'pending';
create index webhook_outbox_webhook_idx on notify.webhook_outbox (webhook_id, created_at);

create table notify.webhook_deliveries (
  id          bigint generated always as identity primary key,
  outbox_id   text not null,
  webhook_id  text not null,
  attempt     int not null,
  at          timestamptz not null,
  status_code int,
  error       text,
  duration_ms int not null
);
create index webhook_deliveries_webhook_idx on notify.webhook_deliveries (webhook_id, id);
