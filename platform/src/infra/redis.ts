import { Redis, type RedisOptions } from 'ioredis';
import { busChannelName } from '@pkk/core';

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

/**
 * Channel names on the shared Redis, under the deployment prefix: the channels of core's message
 * catalog (core/src/bus/catalog.ts), by their short names. Publish and follow them with
 * platform/src/infra/bus.ts, which types and checks every message.
 */
export const channels = {
  events: (prefix: string) => busChannelName(prefix, 'live:events'),
  registry: (prefix: string) => busChannelName(prefix, 'live:registry'),
  findings: (prefix: string) => busChannelName(prefix, 'findings'),
  cameras: (prefix: string) => busChannelName(prefix, 'cameras:changed'),
  cameraHealth: (prefix: string) => busChannelName(prefix, 'cameras:health'),
  revoked: (prefix: string) => busChannelName(prefix, 'auth:revoked'),
};
