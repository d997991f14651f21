import { z } from 'zod';
import { kelurahanCode } from '../config/codes.ts';
import { text } from './text.ts';

/**
 * What devices send. Every item of a batch is validated on its own so that one bad item never
 * costs the good ones; shapes here are the contract of the ingest API and of the simulator.
 */

/** An instant with an explicit offset: devices in WIB send `+07:00`, never a bare local time. */
export const instant = z.iso.datetime({
  offset: true,
  message: 'expected an ISO 8601 date-time with offset, e.g. 2026-11-23T07:31:05+07:00',
});
export const nip = z.string().regex(/^\d{18}$/, 'expected an 18-digit NIP');
const code = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'expected a lower-case code');

/**
 * A terminal PIN (the enrolment number a terminal knows a person by) as the officers registry accepts
 * it. A PIN outside this could never be matched to an officer, and is far more likely garbled than real.
 */
export const TERMINAL_PIN = /^[A-Za-z0-9-]{1,24}$/;
export const terminalPin = z
  .string()
  .regex(TERMINAL_PIN, 'expected a terminal PIN: 1-24 letters, digits or -');

/**
 * A punch names the officer by NIP, or by the terminal PIN when the terminal (or the gateway in front
 * of it) knows only that; the PIN is matched to the officer the registry enrols under it.
 */
export const attendancePunch = z
  .object({
    nip: nip.optional(),
    pin: terminalPin.optional(),
    time: instant,
    /** What the officer pressed, if anything; most never press the key, so it is a hint only. */
    direction: z.enum(['in', 'out', 'unknown']).default('unknown'),
    verify: z.enum(['fingerprint', 'face', 'card', 'password', 'palm', 'other']).default('other'),
  })
  .refine((p) => (p.nip === undefined) !== (p.pin === undefined), {
    path: ['nip'],
    message: 'name the officer by nip or by pin, one of the two',
  });
export type AttendancePunch = z.infer<typeof attendancePunch>;

export const queueEventType = z.enum([
  'ticket.issued',
  'ticket.called',
  'ticket.serving',
  'ticket.served',
  'ticket.no_show',
  'ticket.cancelled',
  'ticket.transferred',
  'desk.opened',
  'desk.closed',
]);
export type QueueEventType = z.infer<typeof queueEventType>;

const ticketId = text(1, 64);
const ticketNumber = z.string().regex(/^[A-Z]{1,3}\d{1,4}$/, 'expected a ticket number like A012');
const ticketBase = { time: instant, ticketId };
export const queueEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ticket.issued'),
    ...ticketBase,
    ticketNumber,
    service: code,
    channel: z.enum(['kiosk', 'online', 'whatsapp', 'counter']).default('kiosk'),
    priority: z.boolean().default(false),
  }),
  z.object({
    type: z.literal('ticket.called'),
    ...ticketBase,
    desk: code,
    staffNip: nip.optional(),
    callNo: z.number().int().min(1).max(20).default(1),
  }),
  z.object({ type: z.literal('ticket.serving'), ...ticketBase, desk: code, staffNip: nip.optional() }),
  z.object({ type: z.literal('ticket.served'), ...ticketBase, desk: code, staffNip: nip.optional() }),
  z.object({ type: z.literal('ticket.no_show'), ...ticketBase }),
  z.object({ type: z.literal('ticket.cancelled'), ...ticketBase }),
  z.object({
    type: z.literal('ticket.transferred'),
    ...ticketBase,
    toService: code.optional(),
    toDesk: code.optional(),
  }),
  z.object({ type: z.literal('desk.opened'), time: instant, desk: code, staffNip: nip.optional() }),
  z.object({ type: z.literal('desk.closed'), time: instant, desk: code, staffNip: nip.optional() }),
]);
export type QueueEvent = z.infer<typeof queueEvent>;

export const presenceObservation = z.object({
  desk: code,
  present: z.boolean(),
  confidence: z.number().min(0).max(1),
  source: z.enum(['camera', 'manual']).default('camera'),
  camera: text(1, 64).optional(),
  time: instant,
});
export type PresenceObservation = z.infer<typeof presenceObservation>;

/**
 * A batch envelope is checked before its items: the kelurahan it claims and an array of items. The
 * items stay `unknown` here so that each can be judged on its own.
 */
function batchEnvelope<K extends string>(key: K) {
  return z.object({ kelurahan: kelurahanCode, [key]: z.array(z.unknown()) } as {
    kelurahan: typeof kelurahanCode;
  } & Record<K, z.ZodArray<z.ZodUnknown>>);
}
export const attendanceBatch = batchEnvelope('punches');
export const queueBatch = batchEnvelope('events');
export const presenceBatch = batchEnvelope('observations');

export const itemError = z.object({
  index: z.number().int(),
  field: z.string(),
  reason: z.string(),
});
export type ItemError = z.infer<typeof itemError>;

/**
 * What is worth a look about a stored item: `clock_skew` (the device clock runs ahead), `backdated`
 * (older than the backdate window when it arrived), `unknown_person` (no officer of the office under
 * that NIP or PIN), `conflict` (an item with the same natural key and other content is already
 * stored: that stored version stands, this one is kept only in the raw record).
 */
export const itemFlag = z.object({
  index: z.number().int(),
  flag: z.enum(['clock_skew', 'backdated', 'unknown_person', 'conflict']),
  detail: z.string(),
});
export type ItemFlag = z.infer<typeof itemFlag>;

export const ingestResult = z.object({
  /** Items newly committed by this request. */
  accepted: z.number().int(),
  /**
   * Items already stored by an earlier delivery of the same data (a retry): not stored twice. Items
   * whose natural key is stored with other content are not counted here but flagged `conflict`.
   */
  duplicates: z.number().int(),
  rejected: z.array(itemError),
  flagged: z.array(itemFlag),
});
export type IngestResult = z.infer<typeof ingestResult>;

/** Turns zod issues into the per-item errors an ingest reply carries. */
export function issuesToItemErrors(index: number, error: z.ZodError): ItemError[] {
  return error.issues.map((i) => ({
    index,
    field: i.path.length ? i.path.join('.') : '(item)',
    reason: i.message,
  }));
}
