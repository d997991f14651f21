import type { DeviceKind, LeaveKind, LocalDate, WorkingDay } from '@pkk/core';
import type { TruthEntry } from '../truth.ts';
import type { SimOfficer } from './staff.ts';

/** What a day plan produces: timed items per device, leave to file, and the ground truth. */

export interface PunchItem {
  at: number;
  nip: string;
  pin: string;
  /** ADMS punch state: 0 check-in, 1 check-out (0 also when no key was pressed). */
  status: 0 | 1;
  /** The in/out key hint a JSON gateway reports. */
  direction: 'in' | 'out' | 'unknown';
  verify: 'fingerprint' | 'face';
}

/** A queue event without its time: the device stamps it with its own (possibly skewed) clock. */
export type QueueBody =
  | {
      type: 'ticket.issued';
      ticketId: string;
      ticketNumber: string;
      service: string;
      channel: 'kiosk' | 'online' | 'whatsapp';
      priority: boolean;
    }
  | { type: 'ticket.called'; ticketId: string; desk: string; staffNip?: string; callNo: number }
  | { type: 'ticket.serving' | 'ticket.served'; ticketId: string; desk: string; staffNip?: string }
  | { type: 'ticket.no_show' | 'ticket.cancelled'; ticketId: string }
  | { type: 'ticket.transferred'; ticketId: string; toService: string }
  | { type: 'desk.opened' | 'desk.closed'; desk: string; staffNip?: string };

export interface QueueItem {
  at: number;
  event: QueueBody;
}

export interface PresenceItem {
  at: number;
  desk: string;
  present: boolean;
  confidence: number;
  camera: string;
}

export type Interval = { from: number; to: number };

/** How one device misbehaves on a day: link outages (data kept and uploaded later) and clock error. */
export interface DeviceConditions {
  offline: Interval[];
  skewMs: number;
}

export interface OfficerDay {
  officer: SimOfficer;
  status: 'present' | 'leave' | 'absent';
  leaveKind?: LeaveKind;
  arrival?: number;
  departure?: number;
  breakOut?: number;
  breakBack?: number;
  /** Which parts a scenario forced, for the ground truth's `source`. */
  forced: { status?: boolean; arrival?: boolean; departure?: boolean };
  note?: string;
}

export interface OfficeDayPlan {
  code: string;
  date: LocalDate;
  day: WorkingDay;
  officers: OfficerDay[];
  leave: { nip: string; kind: LeaveKind }[];
  punches: PunchItem[];
  queue: QueueItem[];
  presence: PresenceItem[];
  /** Per desk: when somebody sits at it (its officer or whoever covers it); the desk cameras show it. */
  attended: Map<string, Interval[]>;
  devices: Record<DeviceKind, DeviceConditions>;
  truth: TruthEntry[];
  citizens: number;
}
