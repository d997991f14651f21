import { z } from 'zod';
import { kelurahanCode } from '../config/codes.ts';
import { findingChange } from '../schemas/findings.ts';
import { liveEvent } from '../schemas/live.ts';
import { cameraHealthChange } from '../schemas/socket.ts';

/**
 * The messages roles send each other over Redis pub/sub, one zod schema per channel in one map, as
 * jobs have theirs (core/src/jobs/catalog.ts): publishers take the message type from here
 * (`MessageOf<C>`), and every reader parses what arrives against the same schema, since it may come
 * from another process, another node or another version. A message that does not parse is logged
 * and dropped, never applied and never a crash. Pub/sub is the fast path only: each message's
 * content is in PostgreSQL first, and readers catch up from there when one is lost.
 */

/** What ingest publishes after a commit: the office and its new events, in live-state terms. */
export const announcement = z.object({
  k: kelurahanCode,
  /** What the delivery added: numbered by `s` when it comes from ingest. */
  e: z.array(liveEvent),
  /** Unnumbered news applied at once, whatever the order (a device was seen). */
  d: z.array(liveEvent).optional(),
  /** Real epoch ms of the commit, for latency measurement across processes. */
  c: z.number(),
  /** The office's sequence number of the events in `e`; absent when they are unnumbered. */
  s: z.number().int().positive().optional(),
});
export type Announcement = z.infer<typeof announcement>;

/** A change to registry data (officers, leave, devices) of one office, announced by whoever made it. */
export const registryChange = z.object({
  kelurahan: kelurahanCode,
  what: z.enum(['officers', 'leave', 'devices']),
});
export type RegistryChange = z.infer<typeof registryChange>;

/** What a detection pass (or an appeal step) publishes after its commit: the api relays it to the rooms in scope. */
export const findingsMessage = z.object({ changes: z.array(findingChange) });
export type FindingsMessage = z.infer<typeof findingsMessage>;

/** Hex SHA-256 digests of credentials that ended before their time (logout, a revoked token). */
const credentialDigest = z.string().regex(/^[0-9a-f]{64}$/);

type ChannelDef = { schema: z.ZodType; format?: 'text' };

/**
 * Every channel, under the deployment's prefix (`<prefix>:<channel>`). `text`: the message is the
 * raw string (the schema checks it), not JSON.
 */
export const BUS = {
  /** Committed ingest, numbered per office: live state on every api node, the outbox's wake-up. */
  'live:events': { schema: announcement },
  /** Officers, leave or devices of an office changed: api nodes reload them. */
  'live:registry': { schema: registryChange },
  /** Findings opened, changed or resolved: api nodes relay them to the socket rooms in scope. */
  findings: { schema: findingsMessage },
  /** A camera was created, changed or removed (its id): media nodes reload what they own. */
  'cameras:changed': { schema: z.string().min(1).max(100), format: 'text' },
  /** Cameras' health changed, after camera_status was written: api nodes relay it to the rooms in scope. */
  'cameras:health': { schema: z.array(cameraHealthChange) },
  /** Credentials that ended: every api node closes the live connections opened with them. */
  'auth:revoked': { schema: z.array(credentialDigest) },
} as const satisfies Record<string, ChannelDef>;

export type BusChannel = keyof typeof BUS;
export type MessageOf<C extends BusChannel> = z.infer<(typeof BUS)[C]['schema']>;

/** The Redis channel name of a bus channel under a deployment prefix. */
export const busChannelName = (prefix: string, channel: BusChannel) => `${prefix}:${channel}`;

/** A message as it goes on the wire. */
export function encodeMessage<C extends BusChannel>(channel: C, message: MessageOf<C>): string {
  const def: ChannelDef = BUS[channel];
  return def.format === 'text' ? String(message) : JSON.stringify(message);
}

export type Decoded<C extends BusChannel> =
  { ok: true; message: MessageOf<C> } | { ok: false; reason: string };

/** A message read off the wire, checked against its channel's schema. */
export function decodeMessage<C extends BusChannel>(channel: C, raw: string): Decoded<C> {
  const def: ChannelDef = BUS[channel];
  let body: unknown = raw;
  if (def.format !== 'text') {
    try {
      body = JSON.parse(raw);
    } catch {
      return { ok: false, reason: 'not JSON' };
    }
  }
  const parsed = def.schema.safeParse(body);
  if (!parsed.success)
    return {
      ok: false,
      reason: parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`)
        .join('; '),
    };
  return { ok: true, message: parsed.data as MessageOf<C> };
}
