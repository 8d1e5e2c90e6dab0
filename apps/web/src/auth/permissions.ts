/**
 * Whether a user's permission list grants `required`. Accepts exact names
 * (`alarms:read`), trailing wildcards (`entities:write:*`, `system:*`) and `*`.
 */
export function hasPermission(granted: readonly string[], required: string | undefined): boolean {
  if (required === undefined) return true;
  return granted.some(
    (permission) =>
      permission === required || permission === '*' || (permission.endsWith(':*') && required.startsWith(permission.slice(0, -1))),
  );
}
