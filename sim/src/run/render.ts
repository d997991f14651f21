import type { PresenceItem, PunchItem, QueueItem } from '../plan/types.ts';
import { isoInZone } from '../time.ts';
import type { FeedItem } from './feed.ts';

/** Items as the JSON ingest API takes them (core/src/schemas/ingest.ts), stamped by the device clock. */

export const renderPunch = (zone: string) => (x: FeedItem<PunchItem>) => ({
  nip: x.item.nip,
  time: isoInZone(x.deviceTime, zone),
  direction: x.item.direction,
  verify: x.item.verify,
});

export const renderQueue = (zone: string) => (x: FeedItem<QueueItem['event']>) => ({
  ...x.item,
  time: isoInZone(x.deviceTime, zone),
});

export const renderPresence = (zone: string) => (x: FeedItem<Omit<PresenceItem, 'at'>>) => ({
  desk: x.item.desk,
  present: x.item.present,
  confidence: x.item.confidence,
  source: 'camera' as const,
  camera: x.item.camera,
  time: isoInZone(x.deviceTime, zone),
});
