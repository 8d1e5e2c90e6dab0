-- The @context store (clause 5.13): Hosted contexts added by clients (POST /jsonldContexts),
-- Cached copies of remote contexts the broker downloaded (kept, so a site that lost its
-- uplink still resolves them after a restart), and ImplicitlyCreated ones the broker made
-- from inline @contexts to name them in Link headers. Shared by all tenants: a context is a
-- vocabulary, not data.
create table ngsi.jsonld_contexts (
  id            text primary key,
  kind          text not null check (kind in ('Hosted', 'Cached', 'ImplicitlyCreated')),
  -- Cached: the URL it was downloaded from
  url           text unique,
  -- the document as served: { "@context": … }
  body          jsonb not null,
  -- Hosted: who added it (department and principal), for per-object authorisation
  department_id text,
  created_by    text,
  created_at    timestamptz not null default now()
);
create index jsonld_contexts_kind_idx on ngsi.jsonld_contexts (kind, created_at);
