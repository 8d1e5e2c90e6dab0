-- Who created a subscription (`user:<id>`, `apiKey:<id>`): only they, or a holder of
-- ngsi:manage, may see, change or delete it. Subscriptions made before this column have no
-- owner and are left to ngsi:manage.
alter table ngsi.subscriptions add column owner text;
create index subscriptions_owner_idx on ngsi.subscriptions (tenant, owner, id);
