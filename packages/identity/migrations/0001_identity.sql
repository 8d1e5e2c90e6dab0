-- Departments, users, roles and their scoped assignments, API keys, sessions.
-- Secrets (passwords, session tokens, API keys) are stored only as hashes.
create schema if not exists identity;

create table identity.departments (
  id            text primary key,
  name          text not null,
  kind          text not null check (kind in ('government', 'bureau', 'centre', 'other')),
  parent_id     text references identity.departments (id),
  -- ids from the root down to this department, for subtree filters
  path          text[] not null,
  division_code text not null,
  disabled      boolean not null default false,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);
create index departments_parent_idx on identity.departments (parent_id);
create index departments_division_idx on identity.departments (division_code);
create index departments_path_idx on identity.departments using gin (path);
create unique index departments_name_parent_idx on identity.departments (coalesce(parent_id, ''), name);

create table identity.users (
  id                   text primary key,
  username             text not null unique check (username = lower(username)),
  display_name         text not null,
  department_id        text references identity.departments (id),
  phone                text,
  email                text,
  password_hash        text,
  password_changed_at  timestamptz,
  must_change_password boolean not null default false,
  totp_secret          text,
  totp_pending_secret  text,
  totp_last_step       bigint,
  failed_attempts      int not null default 0,
  locked_until         timestamptz,
  disabled             boolean not null default false,
  -- demo accounts have no second factor even when they hold an administrator role
  demo                 boolean not null default false,
  oidc_subject         text unique,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now()
);
create index users_department_idx on identity.users (department_id);

create table identity.roles (
  id          text primary key,
  name_zh     text not null,
  name_en     text not null,
  description text not null default '',
  builtin     boolean not null default false,
  permissions text[] not null,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);

-- A role held by a user, optionally narrowed to a department subtree and/or a division subtree.
create table identity.role_assignments (
  id                  text primary key,
  user_id             text not null references identity.users (id),
  role_id             text not null references identity.roles (id),
  department_scope_id text references identity.departments (id),
  division_scope_code text,
  -- 'local' = given by a security administrator; 'oidc' = from the identity provider's groups, re-synced at each sign-in
  source              text not null default 'local' check (source in ('local', 'oidc')),
  created_by          text,
  created_at          timestamptz not null default now()
);
create index role_assignments_user_idx on identity.role_assignments (user_id);
create index role_assignments_role_idx on identity.role_assignments (role_id);

create table identity.api_keys (
  id                  text primary key,
  name                text not null,
  -- the first characters of the key, so people can tell keys apart without the secret
  prefix              text not null,
  secret_hash         text not null unique,
  department_id       text references identity.departments (id),
  permissions         text[] not null,
  department_scope_id text references identity.departments (id),
  division_scope_code text,
  bootstrap           boolean not null default false,
  expires_at          timestamptz,
  revoked_at          timestamptz,
  last_used_at        timestamptz,
  created_by          text,
  created_at          timestamptz not null default now()
);
create index api_keys_department_idx on identity.api_keys (department_id);

create table identity.sessions (
  id           text primary key,
  token_hash   text not null unique,
  user_id      text not null references identity.users (id),
  created_at   timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at   timestamptz not null,
  ended_at     timestamptz,
  ended_reason text,
  source_ip    text,
  user_agent   text,
  via          text not null default 'password' check (via in ('password', 'oidc'))
);
create index sessions_user_idx on identity.sessions (user_id) where ended_at is null;

-- Pending OIDC sign-ins (state → PKCE verifier, nonce) and one-time codes that the console
-- exchanges for a session after a finished sign-in (the token never travels in a URL);
-- short-lived, single use.
create table identity.oidc_pending (
  state_hash    text primary key,
  code_verifier text not null,
  nonce         text not null,
  return_to     text not null,
  created_at    timestamptz not null
);
create table identity.login_codes (
  code_hash  text primary key,
  user_id    text not null references identity.users (id),
  expires_at timestamptz not null
);
