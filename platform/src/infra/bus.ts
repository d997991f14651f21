import type { Redis } from 'ioredis';
import { busChannelName, decodeMessage, encodeMessage, type BusChannel, type MessageOf } from '@pkk/core';
import type { Logger } from './logger.ts';
import { throttled } from './throttle.ts';

/**
 * Publishing and following the messages of core's catalog (core/src/bus/catalog.ts) on Redis
 * pub/sub: the one typed way in and out. A publisher names the channel and its message is typed by
 * it; a follower gets each message parsed against the channel's schema, and one that does not parse
 * is logged (throttled) and dropped, as is a handler's error: nothing a peer sends ends the process.
 */

/** Publishes one message; the number of subscribers that received it, as Redis counts them. */
export function publishMessage<C extends BusChannel>(
  redis: Redis,
  prefix: string,
  channel: C,
  message: MessageOf<C>,
): Promise<number> {
  return redis.publish(busChannelName(prefix, channel), encodeMessage(channel, message));
}

export type BusHandlers = { [C in BusChannel]?: (message: MessageOf<C>) => void | Promise<void> };

/**
 * Subscribes `sub` (a connection of its own, in subscriber mode) to the channels `handlers` names
 * and routes each message to its handler. Resolves once Redis confirmed the subscription.
 */
export async function followBus(
  sub: Redis,
  prefix: string,
  handlers: BusHandlers,
  log: Logger,
): Promise<void> {
  const byName = new Map<string, BusChannel>(
    (Object.keys(handlers) as BusChannel[]).map((c) => [busChannelName(prefix, c), c]),
  );
  const unreadable = throttled(10_000, (suppressed: number, channel: string, reason: string) =>
    log.warn({ channel, reason, suppressed }, 'unreadable message on the bus, dropped'),
  );
  const failed = throttled(10_000, (suppressed: number, channel: string, err: unknown) =>
    log.error({ err, channel, suppressed }, 'handling a bus message failed'),
  );
  sub.on('message', (name: string, raw: string) => {
    const channel = byName.get(name);
    if (!channel) return;
    const decoded = decodeMessage(channel, raw);
    if (!decoded.ok) return unreadable(name, decoded.reason);
    const handler = handlers[channel] as ((m: unknown) => void | Promise<void>) | undefined;
    try {
      void Promise.resolve(handler?.(decoded.message)).catch((err: unknown) => failed(name, err));
    } catch (err) {
      failed(name, err);
    }
  });
  await sub.subscribe(...byName.keys());
}
