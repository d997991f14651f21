import type { QueueEventType } from '../schemas/ingest.ts';

/**
 * One queue ticket through its life, built from its events in any order (each field keeps the
 * latest fact of its kind), and the rules live state and detectors share: where it stands and since
 * when it waits.
 */
export interface TicketState {
  service: string;
  issuedAt: number | null;
  calledAt: number | null;
  /** The desk of the latest call, and when service began there. */
  desk: string | null;
  servingAt: number | null;
  transferredAt: number | null;
  endedAt: number | null;
  servedAt: number | null;
}

export type TicketPhase = 'waiting' | 'with_desk' | 'ended' | 'unknown';

export interface TicketEvent {
  type: QueueEventType;
  at: number;
  service?: string;
  desk?: string;
  toService?: string;
}

export function newTicket(service = ''): TicketState {
  return {
    service,
    issuedAt: null,
    calledAt: null,
    desk: null,
    servingAt: null,
    transferredAt: null,
    endedAt: null,
    servedAt: null,
  };
}

/** Applies one ticket event to a ticket (desk events are not ticket events and are ignored). */
export function applyTicketEvent(t: TicketState, e: TicketEvent): void {
  switch (e.type) {
    case 'ticket.issued':
      t.issuedAt = e.at;
      if (e.service) t.service = e.service;
      break;
    case 'ticket.called':
    case 'ticket.serving':
      if (t.calledAt === null || e.at >= t.calledAt) {
        t.calledAt = e.at;
        if (e.desk) t.desk = e.desk;
      }
      if (e.type === 'ticket.serving' && (t.servingAt === null || e.at > t.servingAt)) t.servingAt = e.at;
      break;
    case 'ticket.transferred':
      if ((t.transferredAt ?? 0) < e.at) {
        t.transferredAt = e.at;
        if (e.toService) t.service = e.toService;
      }
      break;
    case 'ticket.served':
      t.servedAt = e.at;
      t.endedAt = Math.max(t.endedAt ?? 0, e.at);
      if (e.desk) t.desk = e.desk;
      break;
    case 'ticket.no_show':
    case 'ticket.cancelled':
      t.endedAt = Math.max(t.endedAt ?? 0, e.at);
      break;
    default:
      break;
  }
}

/** When a waiting ticket began to wait: a transferred ticket waits again, from its hand-over. */
export function waitingSince(t: TicketState): number | null {
  if (t.transferredAt !== null && (t.calledAt === null || t.transferredAt > t.calledAt))
    return t.transferredAt;
  return t.issuedAt;
}

export function phaseOf(t: TicketState): TicketPhase {
  if (t.endedAt !== null) return 'ended';
  if (t.issuedAt === null && t.transferredAt === null) return 'unknown';
  if (t.calledAt !== null && (t.transferredAt === null || t.calledAt >= t.transferredAt)) return 'with_desk';
  return 'waiting';
}
