import { z } from 'zod';
import { severity } from '../config/detection.ts';
import { locale } from '../findings/locale.ts';

/** What a phone's service worker receives in a Web Push message (web/src/sw/sw.ts shows it). */
export const pushMessage = z.object({
  title: z.string(),
  body: z.string(),
  /** The app's own address of the finding it tells of (`/findings/123`). */
  url: z.string().startsWith('/'),
  severity,
  /** The alert group: a newer notification of the group replaces the older on the phone. */
  tag: z.string(),
  /** The subscriber's language (absent in notifications stored before it was asked). */
  lang: locale.default('id'),
});
export type PushMessage = z.infer<typeof pushMessage>;

/** A stored Web Push notification: the message, and how the push service is to keep it (RFC 8030). */
export const pushNotification = pushMessage.extend({
  ttl: z.number().int().min(0),
  urgency: z.enum(['very-low', 'low', 'normal', 'high']),
});
export type PushNotification = z.infer<typeof pushNotification>;
