import type { DeskDef, LocalDate, ServiceDef } from '@pkk/core';
import { Rng } from '../random.ts';
import { MINUTE } from '../time.ts';
import type { Citizen } from './citizens.ts';
import { PARAMS } from './params.ts';
import type { Interval, QueueBody, QueueItem } from './types.ts';

/**
 * The queue of one office for one day, simulated: citizens take tickets, open desks call the oldest
 * waiting ticket of the services they serve (priority tickets first), serve it for about the
 * service's standard time, sometimes lose a citizen who did not come forward, sometimes transfer one.
 * A desk calls only while its officer sits at it; lunch and leaving close it (after the citizen in
 * hand), an unattended spell leaves it open with nobody calling. Citizens give up after a while.
 */

/** Something that takes the officer away from the desk. */
export type Block =
  | { kind: 'break'; at: number; until: number }
  | { kind: 'away'; at: number; minutes: number }
  | { kind: 'leave'; at: number };

export interface DeskStaffing {
  desk: DeskDef;
  staffNip: string | null;
  /** When the officer opens the desk; null when nobody opens it today. */
  openAt: number | null;
  blocks: Block[];
}

export interface QueueOutcome {
  events: QueueItem[];
  /** Per desk: when its officer was at it. */
  attended: Map<string, Interval[]>;
  /** Unattended spells as they actually happened (they start after the citizen in hand). */
  away: { desk: string; staffNip: string; from: number; to: number }[];
  issued: number;
}

interface Ticket {
  id: string;
  service: string;
  priority: boolean;
  since: number;
  deadline: number;
  citizen: Citizen;
  transferred: boolean;
}

type Phase =
  | { kind: 'before' }
  | { kind: 'attended'; from: number }
  | { kind: 'off' | 'away'; until: number }
  | { kind: 'gone' };

interface DeskState {
  s: DeskStaffing;
  services: Set<string>;
  phase: Phase;
  busyUntil: number;
  next: number;
  attended: Interval[];
}

const STEP = 10_000;
const D = PARAMS.desk;

/** Ticket number prefix per service: A, B, C … in the office's service order. */
export function ticketPrefixes(services: ServiceDef[]): Map<string, string> {
  return new Map(services.map((s, i) => [s.code, String.fromCharCode(65 + (i % 26))]));
}

export function simulateQueue(
  seed: string,
  date: LocalDate,
  code: string,
  services: ServiceDef[],
  staffing: DeskStaffing[],
  citizens: Citizen[],
  officeEnd: number,
): QueueOutcome {
  const rng = Rng.from(seed, 'queue', date, code);
  const standard = new Map(services.map((s) => [s.code, s.standardMinutes]));
  const prefixes = ticketPrefixes(services);
  const counters = new Map<string, number>();
  const events: QueueItem[] = [];
  const away: QueueOutcome['away'] = [];
  const emit = (at: number, event: QueueBody) => events.push({ at, event });
  const sec = (lo: number, hi: number) => rng.int(lo, hi) * 1000;
  const staff = (d: DeskState) => (d.s.staffNip ? { staffNip: d.s.staffNip } : {});

  const desks: DeskState[] = staffing.map((s) => ({
    s,
    services: new Set(s.desk.services),
    phase: s.openAt === null ? { kind: 'gone' } : { kind: 'before' },
    busyUntil: 0,
    next: 0,
    attended: [],
  }));
  const waiting: Ticket[] = [];
  let arrivals = 0;

  const serve = (d: DeskState, t: Ticket, callAt: number) => {
    waiting.splice(waiting.indexOf(t), 1);
    const desk = d.s.desk.code;
    emit(callAt, { type: 'ticket.called', ticketId: t.id, desk, ...staff(d), callNo: 1 });
    if (t.citizen.noShow && !t.transferred) {
      let at = callAt;
      for (const callNo of [2, 3]) {
        at += sec(60, 120);
        emit(at, { type: 'ticket.called', ticketId: t.id, desk, ...staff(d), callNo });
      }
      at += sec(30, 60);
      emit(at, { type: 'ticket.no_show', ticketId: t.id });
      d.busyUntil = at;
      return;
    }
    const start = callAt + sec(20, 90);
    emit(start, { type: 'ticket.serving', ticketId: t.id, desk, ...staff(d) });
    const std = standard.get(t.service) ?? 15;
    const minutes = Math.min(4 * std, Math.max(1, std * t.citizen.serviceFactor[t.transferred ? 1 : 0]));
    const end = start + Math.round(minutes * 60) * 1000;
    if (t.citizen.transferTo && !t.transferred) {
      emit(end, { type: 'ticket.transferred', ticketId: t.id, toService: t.citizen.transferTo });
      waiting.push({
        ...t,
        service: t.citizen.transferTo,
        since: end,
        deadline: end + t.citizen.patienceMs / 2,
        transferred: true,
      });
    } else {
      emit(end, { type: 'ticket.served', ticketId: t.id, desk, ...staff(d) });
    }
    d.busyUntil = end + sec(...D.gapSec);
  };

  /** The ticket a free desk calls: among those already waiting when it became free, priority then oldest. */
  const choose = (d: DeskState, base: number, now: number): Ticket | null => {
    const mine = waiting.filter(
      (t) => d.services.has(t.service) && t.since <= now && t.deadline > Math.max(base, t.since),
    );
    if (!mine.length) return null;
    const ready = mine.filter((t) => t.since <= base);
    const pool = ready.length ? ready : [mine.reduce((a, b) => (b.since < a.since ? b : a))];
    return pool.reduce((a, b) =>
      b.priority !== a.priority ? (b.priority ? b : a) : b.since < a.since ? b : a,
    );
  };

  /** Moves one desk as far as it can go up to `now`; returns whether anything happened. */
  const advance = (d: DeskState, now: number): boolean => {
    const p = d.phase;
    const block = d.s.blocks[d.next];
    if (p.kind === 'before') {
      if (d.s.openAt! > now) return false;
      emit(d.s.openAt!, { type: 'desk.opened', desk: d.s.desk.code, ...staff(d) });
      d.phase = { kind: 'attended', from: d.s.openAt! };
      return true;
    }
    if (p.kind === 'off' || p.kind === 'away') {
      if (p.until > now) return false;
      if (p.kind === 'off') emit(p.until, { type: 'desk.opened', desk: d.s.desk.code, ...staff(d) });
      d.phase = { kind: 'attended', from: p.until };
      return true;
    }
    if (p.kind !== 'attended') return false;
    const base = Math.max(d.busyUntil, p.from);
    if (block && block.at <= now && d.busyUntil <= now) {
      const at = Math.max(block.at, base);
      if (at > now) return false;
      if (at > p.from) d.attended.push({ from: p.from, to: at });
      d.next++;
      if (block.kind === 'leave') {
        emit(at, { type: 'desk.closed', desk: d.s.desk.code, ...staff(d) });
        d.phase = { kind: 'gone' };
      } else if (block.kind === 'break') {
        const until = Math.max(block.until, at);
        emit(at, { type: 'desk.closed', desk: d.s.desk.code, ...staff(d) });
        d.phase = { kind: 'off', until };
      } else {
        const until = at + block.minutes * MINUTE;
        away.push({ desk: d.s.desk.code, staffNip: d.s.staffNip ?? '', from: at, to: until });
        d.phase = { kind: 'away', until };
      }
      return true;
    }
    if (d.busyUntil > now) return false;
    const ticket = choose(d, base, now);
    if (!ticket) return false;
    const callAt = Math.max(base, ticket.since);
    if (callAt > now || (block && callAt >= block.at)) return false;
    serve(d, ticket, callAt);
    return true;
  };

  const first = Math.min(citizens[0]?.at ?? Infinity, ...desks.map((d) => d.s.openAt ?? Infinity));
  const horizon = officeEnd + 4 * 60 * MINUTE;
  let now = first === Infinity ? horizon : first;
  for (; now <= horizon; now += STEP) {
    while (arrivals < citizens.length && citizens[arrivals]!.at <= now) {
      const c = citizens[arrivals++]!;
      const prefix = prefixes.get(c.service) ?? 'Z';
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      const number = `${prefix}${String(n).padStart(3, '0')}`;
      const id = `${date.replace(/-/g, '')}-${number}`;
      emit(c.at, {
        type: 'ticket.issued',
        ticketId: id,
        ticketNumber: number,
        service: c.service,
        channel: c.channel,
        priority: c.priority,
      });
      waiting.push({
        id,
        service: c.service,
        priority: c.priority,
        since: c.at + D.readySec * 1000,
        deadline: c.at + c.patienceMs,
        citizen: c,
        transferred: false,
      });
    }
    for (const d of desks) while (advance(d, now));
    for (const t of [...waiting]) {
      if (t.deadline <= now) {
        waiting.splice(waiting.indexOf(t), 1);
        emit(Math.round(t.deadline / 1000) * 1000, { type: 'ticket.cancelled', ticketId: t.id });
      }
    }
    if (arrivals === citizens.length && desks.every((d) => d.phase.kind === 'gone')) break;
  }
  // Whoever still waits when every desk has gone home is sent away as the kiosk closes the day.
  for (const t of waiting)
    emit(Math.max(t.since + MINUTE, officeEnd + sec(300, 900)), { type: 'ticket.cancelled', ticketId: t.id });
  for (const d of desks) if (d.phase.kind === 'attended') d.attended.push({ from: d.phase.from, to: now });

  events.sort((a, b) => a.at - b.at);
  return { events, attended: new Map(desks.map((d) => [d.s.desk.code, d.attended])), away, issued: arrivals };
}
