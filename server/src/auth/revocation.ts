import type { Redis } from 'ioredis';
import type { Logger } from '@pkk/platform/infra/logger';
import { channels } from '@pkk/platform/infra/redis';

/**
 * Credentials that ended before their time (a logout, a revoked API token), announced to every api
 * node and media node so that live connections and views opened with them close at once. Named by
 * the hex SHA-256 digest the database keeps, never by the secret.
 */
export const revokedChannel = channels.authRevoked;

/**
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
  await redis
    .publish(revokedChannel(prefix), JSON.stringify(digests.map((d) => d.toString('hex'))))
    .catch((err: unknown) => log.warn({ err }, 'could not announce a revoked credential'));
}
