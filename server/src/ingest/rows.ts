import type { ItemFlag } from '@pkk/core';

/**
 * Items as they are stored, after validation: the shape shared by the JSON and ADMS adapters. `index`
 * is the item's place in the request (the line index for ADMS), for its flags.
 */

export interface PunchRow {
  index: number;
  /** Id the device knows the person by: PIN (ADMS) or NIP (JSON). */
  ref: string;
  nip: string | null;
  /** The person part of the idempotency key: the officer, whatever spelling named them (officerKey). */
  officerKey: string;
  at: number;
  direction: 'in' | 'out' | 'unknown';
  verify: string;
  skewSeconds: number | null;
}

/**
 * The person part of a punch's idempotency key, so that one punch sent once by NIP and once by PIN is
 * stored once: the PIN it was sent with, or the PIN the registry enrols the NIP sent under, or the
 * NIP itself while the registry does not know it. Keyed by PIN rather than NIP so that a terminal's
 * re-upload (always by PIN) keys the same before and after its officers are registered.
 */
export function officerKey(sent: { pin: string } | { nip: string; pinOf: Map<string, string> }): string {
  if ('pin' in sent) return `pin:${sent.pin}`;
  const pin = sent.pinOf.get(sent.nip);
  return pin === undefined ? `nip:${sent.nip}` : `pin:${pin}`;
}

export interface QueueRow {
  index: number;
  type: string;
  /** Ticket id, or `desk:<code>` for desk events: with type and time it identifies the event. */
  subject: string;
  ticketId: string | null;
  ticketNumber: string | null;
  service: string | null;
  desk: string | null;
  staffNip: string | null;
  toService: string | null;
  at: number;
  detail: Record<string, unknown>;
  skewSeconds: number | null;
}

export interface PresenceRow {
  index: number;
  desk: string;
  present: boolean;
  confidence: number;
  source: string;
  camera: string | null;
  at: number;
  skewSeconds: number | null;
}

export interface RawPayload {
  deviceId: number;
  channel: 'attendance' | 'queue' | 'presence' | 'adms';
  admsTable?: string | null;
  query?: string | null;
  contentType: string | null;
  body: Buffer;
  itemCount: number;
  validCount: number;
  rejects: unknown[];
  /** Flags of the stored items, as kept; conflicts found while storing are added by the store. */
  flags: ItemFlag[];
  /** Details past the cap, counted instead of kept (ADMS; JSON batches are bounded by their size). */
  rejectsOmitted?: number;
  flagsOmitted?: number;
  /** Lines past the line cap: in the body, not read. */
  linesUnread?: number;
  /** How many flags the raw record keeps in all; unbounded when absent. */
  flagLimit?: number;
  /** The address the request came from. */
  sourceAddress: string | null;
  receivedAt: Date;
}
