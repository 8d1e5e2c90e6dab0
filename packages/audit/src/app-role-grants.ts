/**
 * The grants that give the application's database role what the audit log needs and no
 * more: it may append and read, never change or remove (pruning goes through the
 * `audit.prune` function, which runs with its owner's rights and keeps 180 days at least).
 * Run by the owner role after migrations; see packages/identity/SECURITY.md.
 */
export function auditAppRoleGrants(role: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`Not a plain PostgreSQL role name: ${role}`);
  return [
    `grant usage on schema audit to ${role};`,
    `grant select, insert on audit.records, audit.anchors to ${role};`,
    `revoke update, delete, truncate on audit.records, audit.anchors from ${role};`,
    `grant execute on function audit.prune(timestamptz) to ${role};`,
  ].join('\n');
}
