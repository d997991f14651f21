import type { Redis } from 'ioredis';
import type { Logger } from '@pkk/platform/infra/logger';
import { publishMessage } from '@pkk/platform/infra/bus';

/**
 * Credentials that ended before their time (a logout, a revoked API token), announced to every api
 * node and media node so that live connections and views opened with them close at once. Named by the hex SHA-256 digest the
 * database keeps, never by the secret (the `auth:revoked` channel of core/src/bus/catalog.ts).
 *
 * Best effort: the database change is what refuses the credential; when Redis is down, sockets still
 * lose it at their next join or at session expiry, and media nodes at their next check of their open
 * views against the sessions table (within seconds).
 */
export async function announceRevoked(
  redis: Redis,
  prefix: string,
  log: Logger,
  digests: Buffer[],
): Promise<void> {
  if (!digests.length) return;
  await publishMessage(
    redis,
    prefix,
    'auth:revoked',
    digests.map((d) => d.toString('hex')),
  ).catch((err: unknown) => log.warn({ err }, 'could not announce a revoked credential'));
}
