import type { WorkingDay } from '../calendar/calendar.ts';
import type { LeaveKind } from '../schemas/live.ts';
import type { EvidenceRef } from '../schemas/findings.ts';
import type { DeviceInfo, LiveEvent, OfficeSetup, OfficerInfo } from '../live/office.ts';
import { addDays, epochAt } from '../time/wib.ts';
import { attendanceOf, countedPunches, insertPunch, type AttendanceOfDay } from '../office/attendance.ts';
import { applyTicketEvent, newTicket, type TicketState } from '../office/tickets.ts';

/**
 * What detectors read about one office on one day: the facts built from its stored events (applying
 * an event twice changes nothing), with the references that become a finding's evidence.
 */

/** The office as detection needs it: the live model's setup without its display thresholds. */
export type FactsSetup = Omit<OfficeSetup, 'thresholds' | 'clockSpeed'>;

export interface TicketFacts extends TicketState {
  id: string;
  refs: EvidenceRef[];
}

export interface DeskFacts {
  open: boolean;
  changedAt: number | null;
  /** The latest sign of work at the desk: opening it, calling, serving, finishing a ticket. */
  activeAt: number | null;
  activeRef: EvidenceRef | null;
}

export interface PresenceReading {
  at: number;
  present: boolean;
  confidence: number;
  ref: EvidenceRef;
}

/** A camera of the office and what its media node last said of it (camera_status); null state: nothing yet. */
export interface CameraFacts {
  id: string;
  name: string;
  enabled: boolean;
  pullMode: 'always' | 'on_demand';
  state: 'online' | 'offline' | 'idle' | 'connecting' | null;
  /** Epoch ms: since when the state holds, the latest frame received. */
  since: number | null;
  lastFrameAt: number | null;
  lastError: string | null;
  reconnects: number;
  node: string | null;
  /** Desks its zones cover. */
  desks: string[];
}

export class OfficeFacts {
  readonly start: number | null;
  readonly end: number | null;
  readonly dayStart: number;
  readonly dayEnd: number;
  officers: OfficerInfo[] = [];
  leave = new Map<string, LeaveKind>();
  devices: DeviceInfo[] = [];
  cameras: CameraFacts[] = [];
  private punches = new Map<string, { at: number[]; refs: Map<number, EvidenceRef>; outs: Set<number> }>();
  /** Counted punches per NIP, kept until that NIP punches again (every pass reads every roster). */
  private countedCache = new Map<
    string,
    { counted: number[]; refs: EvidenceRef[]; attendance: AttendanceOfDay }
  >();
  readonly tickets = new Map<string, TicketFacts>();
  private deskState = new Map<string, DeskFacts>();
  private presence = new Map<string, PresenceReading[]>();

  constructor(
    readonly setup: FactsSetup,
    readonly day: WorkingDay,
  ) {
    const zone = setup.zone;
    this.start = day.hours ? epochAt(day.date, day.hours.start, zone) : null;
    this.end = day.hours ? epochAt(day.date, day.hours.end, zone) : null;
    this.dayStart = epochAt(day.date, '00:00', zone);
    this.dayEnd = epochAt(addDays(day.date, 1), '00:00', zone);
  }

  /** Applies one event of this day; events of other days are ignored (returns false). */
  apply(e: LiveEvent): boolean {
    if (e.kind === 'device') {
      const d = this.devices.find((x) => x.id === e.deviceId);
      if (d && (d.lastSeenAt ?? 0) < e.at) d.lastSeenAt = e.at;
      return true;
    }
    if (!(e.at >= this.dayStart && e.at < this.dayEnd)) return false;
    const ref = (kind: EvidenceRef['kind']): EvidenceRef => ({
      kind,
      at: e.at,
      ...(e.id !== undefined ? { id: e.id } : {}),
    });
    if (e.kind === 'punch') {
      let p = this.punches.get(e.nip);
      if (!p) this.punches.set(e.nip, (p = { at: [], refs: new Map(), outs: new Set() }));
      if (insertPunch(p.at, e.at)) {
        if (e.direction === 'out') p.outs.add(e.at);
        p.refs.set(
          e.at,
          e.clockCorrectionSeconds
            ? { ...ref('punch'), clockCorrectionSeconds: e.clockCorrectionSeconds }
            : ref('punch'),
        );
        this.countedCache.delete(e.nip);
      }
    } else if (e.kind === 'presence') {
      const list = this.presence.get(e.desk) ?? [];
      list.push({ at: e.at, present: e.present, confidence: e.confidence ?? 1, ref: ref('presence') });
      list.sort((a, b) => a.at - b.at);
      this.presence.set(e.desk, list);
    } else if (e.type === 'desk.opened' || e.type === 'desk.closed') {
      if (!e.desk) return true;
      const d = this.desk(e.desk);
      if (d.changedAt === null || d.changedAt <= e.at) {
        d.open = e.type === 'desk.opened';
        d.changedAt = e.at;
      }
      if (e.type === 'desk.opened') this.activity(d, e.at, ref('queue'));
    } else if (e.ticketId) {
      const t = this.tickets.get(e.ticketId) ?? { ...newTicket(e.service), id: e.ticketId, refs: [] };
      // A hand-over or a no-show names no desk: it ends the work of the desk that had the ticket.
      const desk = e.desk ?? (e.type === 'ticket.transferred' || e.type === 'ticket.no_show' ? t.desk : null);
      applyTicketEvent(t, e);
      t.refs.push(ref('queue'));
      this.tickets.set(e.ticketId, t);
      if (desk && e.type !== 'ticket.issued' && e.type !== 'ticket.cancelled')
        this.activity(this.desk(desk), e.at, ref('queue'));
    }
    return true;
  }

  private desk(code: string): DeskFacts {
    let d = this.deskState.get(code);
    if (!d) this.deskState.set(code, (d = { open: false, changedAt: null, activeAt: null, activeRef: null }));
    return d;
  }

  private activity(d: DeskFacts, at: number, ref: EvidenceRef): void {
    if (d.activeAt === null || at >= d.activeAt) {
      d.activeAt = at;
      d.activeRef = ref;
    }
  }

  deskFacts(code: string): DeskFacts {
    return this.deskState.get(code) ?? { open: false, changedAt: null, activeAt: null, activeRef: null };
  }

  /** The counted punches of an officer (debounced), with their references. */
  punchesOf(nip: string): {
    readonly counted: readonly number[];
    readonly refs: readonly EvidenceRef[];
    readonly attendance: AttendanceOfDay;
  } {
    const hit = this.countedCache.get(nip);
    if (hit) return hit;
    const p = this.punches.get(nip);
    const counted = p ? countedPunches(p.at, this.setup.punchDebounceMs) : [];
    const out = {
      counted,
      refs: counted.map((at) => p!.refs.get(at)!),
      attendance: attendanceOf(counted, p?.outs),
    };
    this.countedCache.set(nip, out);
    return out;
  }

  /** Camera readings of a desk taken in (since, until]. */
  presenceOf(desk: string, since: number, until: number): PresenceReading[] {
    return (this.presence.get(desk) ?? []).filter((r) => r.at > since && r.at <= until);
  }

  /** Whether some camera reports on this desk at all today. */
  hasCamera(desk: string): boolean {
    return (this.presence.get(desk)?.length ?? 0) > 0;
  }
}
