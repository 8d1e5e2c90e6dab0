/**
 * The database connection went away or cannot be had right now (restart, failover, an
 * operator ending sessions, too many clients): PostgreSQL's connection-exception class 08
 * and operator-intervention 57P01–57P03, too-many-connections 53300, and the client-side
 * codes of postgres.js, Node sockets and the database thread. Such a failure says nothing
 * about the request: answered as 503 (try again), retried by writers.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return /^(08|57P0[123]$|53300$)/.test(code) || /^(ECONN|EPIPE$|ETIMEDOUT$|CONNECTION_|CONNECT_TIMEOUT$)/.test(code);
}
