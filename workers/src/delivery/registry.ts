import type { DeliveryChannel } from './channel.ts';
import { webhookChannel } from './webhook.ts';
import { webpushChannel } from './webpush.ts';

/** Every delivery channel, one line each; start-up refuses two of one name. */
export const CHANNELS = [webhookChannel, webpushChannel] as const;

/** The channels' names: what `notifications.channel` holds. */
export type ChannelName = (typeof CHANNELS)[number]['name'];

export function checkChannels(list: readonly DeliveryChannel[] = CHANNELS): Map<string, DeliveryChannel> {
  const map = new Map<string, DeliveryChannel>();
  for (const c of list) {
    if (map.has(c.name)) throw new Error(`delivery channel ${c.name} registered twice`);
    map.set(c.name, c);
  }
  return map;
}
