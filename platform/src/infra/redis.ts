import { Redis, type RedisOptions } from 'ioredis';

/**
 * The one Redis connection module. BullMQ, pub/sub and the socket.io adapter all take their
 * connections from here, each with the options its use needs:
 * - `worker`/`subscriber`: retry for ever (`maxRetriesPerRequest: null`, as BullMQ requires);
 * - `producer`: fail fast with no offline queue, so an HTTP request never hangs on a lost Redis.
 */
export type RedisPurpose = 'producer' | 'worker' | 'subscriber';

export interface RedisFactory {
  url: string;
  prefix: string;
  create(purpose: RedisPurpose, name: string): Redis;
  /** Closes every connection this factory made. */
  closeAll(): Promise<void>;
}

/**
 * `onError`: a connection's errors, once per outage (the first after it was ready). Every connection
 * made here has a listener: without one, ioredis prints each reconnect attempt's error to stderr
 * ("Unhandled error event"), and the socket.io adapter warns of a missing handler, many times a
 * second while Redis is down. ioredis reconnects by itself; BullMQ and the adapter carry on.
 */
export function createRedisFactory(
  url: string,
  prefix: string,
  onError?: (name: string, err: Error) => void,
): RedisFactory {
  const made = new Set<Redis>();
  return {
    url,
    prefix,
    create(purpose, name) {
      const opts: RedisOptions = {
        connectionName: `pkk:${name}`,
        maxRetriesPerRequest: purpose === 'producer' ? 1 : null,
        enableOfflineQueue: purpose !== 'producer',
        lazyConnect: false,
      };
      const r = new Redis(url, opts);
      let told = false;
      r.on('error', (err: Error) => {
        if (told) return;
        told = true;
        onError?.(name, err);
      });
      r.on('ready', () => (told = false));
      made.add(r);
      r.once('end', () => made.delete(r));
      return r;
    },
    async closeAll() {
      await Promise.all([...made].map((r) => r.quit().catch(() => r.disconnect())));
      made.clear();
    },
  };
}

/** Channel names on the shared Redis, under the deployment prefix. */
export const channels = {
  events: (prefix: string) => `${prefix}:live:events`,
  registry: (prefix: string) => `${prefix}:live:registry`,
  /** Findings opened, changed or resolved by a detection pass (after its commit). */
  findings: (prefix: string) => `${prefix}:findings`,
  /** A camera was created, changed or removed (payload: its id): media nodes reload what they own. */
  cameras: (prefix: string) => `${prefix}:cameras:changed`,
  /** A camera's health changed (payload: CameraHealthChange[]), after camera_status was written. */
  cameraHealth: (prefix: string) => `${prefix}:cameras:health`,
  /**
   * Credentials that ended before their time (logout, a user changed or deactivated, an API token
   * revoked; payload: their hex SHA-256 digests): api nodes close sockets, media nodes end views.
   */
  authRevoked: (prefix: string) => `${prefix}:auth:revoked`,
};
