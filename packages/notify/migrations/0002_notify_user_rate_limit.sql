-- A user's own hourly limit per channel (null = the platform's ZC_NOTIFY_RATE_PER_HOUR); it can only lower that limit.
alter table notify.preferences add column max_per_hour integer check (max_per_hour is null or max_per_hour between 1 and 1000);
