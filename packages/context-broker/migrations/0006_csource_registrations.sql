-- Context source registrations (clause 5.2.9, API 6.8/6.9): stored with expanded names and
-- the @context they were given with, per tenant, owned by the department that registered.
create table ngsi.csource_registrations (
  tenant        text not null,
  id            text not null,
  body          jsonb not null,
  context       jsonb not null,
  department_id text,
  created_by    text,
  expires_at    timestamptz,
  created_at    timestamptz not null default now(),
  modified_at   timestamptz not null default now(),
  primary key (tenant, id)
);
