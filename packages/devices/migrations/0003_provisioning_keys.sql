-- Provisioning keys: an administrator hands a key and its secret to a batch of devices (or
-- their installer), and each device registers itself with them once, getting its own token.
-- Only the secret's SHA-256 is stored. A key is bound to one profile and one place
-- (department, division subtree) and may create at most max_devices devices.
create table devices.provisioning_keys (
  id             text primary key,
  name           text not null,
  secret_hash    text not null,
  profile_id     text not null,
  department_id  text,
  division_code  text,
  max_devices    int not null check (max_devices > 0),
  -- devices created with this key so far (counted in the transaction that creates them)
  provisioned    int not null default 0,
  expires_at     timestamptz not null,
  revoked_at     timestamptz,
  revoked_by     text,
  created_by     text,
  created_at     timestamptz not null default now(),
  last_used_at   timestamptz
);
create index provisioning_keys_place_idx on devices.provisioning_keys (division_code, department_id);
create index provisioning_keys_profile_idx on devices.provisioning_keys (profile_id) where revoked_at is null;

-- The key a device registered itself with (null: created by an administrator or an import):
-- a repeated request for the same id with the same key is answered without new credentials.
alter table devices.devices add column provisioning_key_id text;
create index devices_provisioning_key_idx on devices.devices (provisioning_key_id) where provisioning_key_id is not null;
