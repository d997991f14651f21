/** Items as they are stored, after validation: the shape shared by the JSON and ADMS adapters. */

export interface PunchRow {
  /** Id the device knows the person by: PIN (ADMS) or NIP (JSON). */
  ref: string;
  nip: string | null;
  at: number;
  direction: 'in' | 'out' | 'unknown';
  verify: string;
  skewSeconds: number | null;
}

export interface QueueRow {
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
  receivedAt: Date;
}
