-- Periodic notifications (subscription timeInterval, clause 5.2.12): the period, and when the
-- next notification is due. A process claims a due subscription by moving next_notify_at
-- forward in the same transaction that enqueues its notifications, so with several worker
-- processes each period is notified once.
alter table ngsi.subscriptions add column time_interval_s double precision;
alter table ngsi.subscriptions add column next_notify_at timestamptz;
create index subscriptions_periodic_idx on ngsi.subscriptions (next_notify_at) where time_interval_s is not null;
