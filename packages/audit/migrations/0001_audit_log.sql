-- The tamper-evident audit log. Each record stores sha256(previous hash ‖ canonical row), so a
-- changed, inserted or removed row breaks the chain at that row (`zhicheng audit verify`).
-- The application's role gets INSERT and SELECT only (see SECURITY.md); the triggers below
-- also refuse UPDATE, DELETE and TRUNCATE on engines with a single role (PGlite).
create schema if not exists audit;

create table audit.records (
  seq           bigint primary key,
  at            timestamptz not null,
  actor_kind    text not null check (actor_kind in ('user', 'apiKey', 'device', 'system', 'anonymous')),
  actor_id      text,
  actor_name    text,
  department_id text,
  source_ip     text,
  action        text not null,
  object_type   text,
  object_id     text,
  outcome       text not null check (outcome in ('success', 'failure', 'denied')),
  request_id    text,
  -- canonical JSON text, hashed byte for byte (jsonb would reorder keys and renumber)
  detail        text not null,
  prev_hash     text not null,
  hash          text not null
);

create index records_at_idx on audit.records (at);
create index records_actor_idx on audit.records (actor_name, at);
create index records_action_idx on audit.records (action, at);
create index records_object_idx on audit.records (object_type, object_id);

-- Where the chain continues after pruning: the last pruned record's sequence number and hash.
create table audit.anchors (
  through_seq  bigint primary key,
  last_hash    text not null,
  pruned_count bigint not null,
  cutoff       timestamptz not null,
  created_at   timestamptz not null default now()
);

-- Rows younger than 180 days (the 等保 floor) can never be deleted, whatever the setting;
-- older rows only through audit.prune, which records an anchor in the same transaction.
create function audit.reject_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and tg_table_name = 'records' then
    if current_setting('audit.pruning', true) = 'on' and old.at < now() - interval '180 days' then
      return old;
    end if;
  end if;
  raise exception 'audit.% is append-only: % is not allowed', tg_table_name, tg_op using errcode = '42501';
end
$$;

create trigger records_append_only before update or delete on audit.records
  for each row execute function audit.reject_change();
create trigger records_no_truncate before truncate on audit.records
  for each statement execute function audit.reject_change();
create trigger anchors_append_only before update or delete on audit.anchors
  for each row execute function audit.reject_change();
create trigger anchors_no_truncate before truncate on audit.anchors
  for each statement execute function audit.reject_change();

-- Removes the oldest records before `cutoff` as one prefix of the chain and anchors the rest.
-- security definer: the application's role may call it without holding DELETE itself.
create function audit.prune(cutoff timestamptz) returns bigint
  language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  first_kept bigint;
  last_seq bigint;
  last_hash text;
  n bigint;
begin
  perform pg_advisory_xact_lock(727002);
  if cutoff > now() - interval '180 days' then
    raise exception 'audit records are kept at least 180 days' using errcode = '22023';
  end if;
  select min(r.seq) into first_kept from audit.records r where r.at >= cutoff;
  select r.seq, r.hash into last_seq, last_hash from audit.records r
    where first_kept is null or r.seq < first_kept order by r.seq desc limit 1;
  if last_seq is null then
    return 0;
  end if;
  perform set_config('audit.pruning', 'on', true);
  delete from audit.records r where r.seq <= last_seq;
  get diagnostics n = row_count;
  perform set_config('audit.pruning', 'off', true);
  insert into audit.anchors (through_seq, last_hash, pruned_count, cutoff) values (last_seq, last_hash, n, cutoff);
  return n;
end
$$;
