-- Alarms raised by rules: one row per (rule, source) while it lasts (state other than
-- cleared_ack), with a repeat count, and a history row for every transition.
create schema if not exists alarms;

create table alarms.alarms (
  id                 text primary key,
  rule_id            text not null,
  rule_version       int not null,
  rule_name          text not null,
  source_id          text not null,
  source_type        text not null,
  severity           text not null check (severity in ('critical', 'major', 'minor', 'warning')),
  state              text not null check (state in ('active_unack', 'active_ack', 'cleared_unack', 'cleared_ack')),
  department_id      text,
  rule_department_id text,
  division_code      text,
  -- the division and its ancestors (root first), so an area sees the alarms below it
  division_path      text[] not null default '{}',
  message            jsonb,
  value              jsonb,
  reason             text,
  count              int not null default 1,
  -- observation times of the first and latest evidence
  first_seen_at      timestamptz not null,
  last_seen_at       timestamptz not null,
  raised_at          timestamptz not null,
  acknowledged_at    timestamptz,
  acknowledged_by    text,
  cleared_at         timestamptz,
  cleared_by         text,
  assignee           text,
  escalation_level   int not null default 0,
  escalate_at        timestamptz,
  -- the event-centre case this alarm opened (a later module; an id, never a foreign key)
  case_id            text,
  updated_at         timestamptz not null
);
create unique index alarms_open_idx on alarms.alarms (rule_id, source_id) where state <> 'cleared_ack';
create index alarms_raised_idx on alarms.alarms (raised_at desc);
create index alarms_state_idx on alarms.alarms (state, severity);
create index alarms_division_path_idx on alarms.alarms using gin (division_path);
create index alarms_department_idx on alarms.alarms (department_id);
create index alarms_division_idx on alarms.alarms (division_code);
create index alarms_escalate_idx on alarms.alarms (escalate_at) where state = 'active_unack';

create table alarms.alarm_history (
  id        bigint generated always as identity primary key,
  alarm_id  text not null,
  at        timestamptz not null,
  action    text not null check (action in ('raised', 'repeated', 'reopened', 'acknowledged', 'assigned', 'commented', 'cleared', 'escalated')),
  from_state text,
  to_state   text,
  actor     text,
  comment   text,
  detail    jsonb not null default '{}'
);
create index alarm_history_alarm_idx on alarms.alarm_history (alarm_id, id);
