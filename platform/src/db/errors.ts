/** PostgreSQL's SQLSTATE for a unique or primary key violation. */
const UNIQUE_VIOLATION = '23505';

/** Whether an error from the database is a unique violation (a row with that key exists). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === UNIQUE_VIOLATION;
}

/** Socket errors of a connection to a server that is down, restarting or unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** SQLSTATEs of a server going away: admin_shutdown, crash_shutdown, cannot_connect_now; class 08 is connection exceptions. */
const SHUTDOWN_STATES = new Set(['57P01', '57P02', '57P03']);
/** What node-postgres says of a connection that broke or could not be made. */
const CLIENT_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect|Connection terminated unexpectedly)/;

/**
 * Whether an error says PostgreSQL is not reachable right now (stopped, restarting, refusing
 * connections), as opposed to a bad statement: the request may succeed when it is back, so the api
 * answers 503, not 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (
    typeof e.code === 'string' &&
    (NETWORK_CODES.has(e.code) || SHUTDOWN_STATES.has(e.code) || /^08/.test(e.code))
  )
    return true;
  if (typeof e.message === 'string' && CLIENT_MESSAGES.test(e.message)) return true;
  // A connection to a name with several addresses fails with all their errors at once.
  return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(isDatabaseUnavailable);
}

/**
 * Whether PostgreSQL refused a value itself (SQLSTATE class 22, data exception: a NUL byte in text,
 * a number out of its column's range, text that is not a valid number or date). Such values come from
 * a request that validation let through; the request is at fault, not the server.
 */
export function isDataException(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; severity?: unknown };
  return typeof e.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code) && typeof e.severity === 'string';
}
