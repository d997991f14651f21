import { epochAt, type DayHours, type LeaveKind, type LocalDate } from '@pkk/core';
import { Rng } from '../random.ts';
import { MINUTE, toSecond } from '../time.ts';
import { PARAMS } from './params.ts';
import type { SimOfficer } from './staff.ts';
import type { OfficerDay, PunchItem } from './types.ts';

const P = PARAMS.attendance;
const D = PARAMS.desk;

/**
 * One officer's day: away (with or without a leave record) or present, and if present when they
 * arrive, go to lunch, come back and leave. Arrivals spread around the officer's usual time before
 * start; some are late by 1–120 minutes; departures spread after office end; some leave early.
 */
export function planOfficerDay(
  seed: string,
  date: LocalDate,
  hours: DayHours,
  zone: string,
  o: SimOfficer,
  forcePresent = false,
  /** Scales the chance of an unexcused absence (a scenario's disruption factor). */
  absentFactor = 1,
): OfficerDay {
  const rng = Rng.from(seed, 'officer-day', date, o.nip);
  const start = epochAt(date, hours.start, zone);
  const end = epochAt(date, hours.end, zone);
  // The roll is drawn even when a scenario forces presence, so the rest of the day stays the same.
  const roll = rng.next();
  const leaveKind = rng.weighted<LeaveKind>(P.leaveKinds);
  if (!forcePresent && roll < P.leaveChance) return { officer: o, status: 'leave', leaveKind, forced: {} };
  if (!forcePresent && roll < P.leaveChance + P.absentChance * absentFactor)
    return { officer: o, status: 'absent', forced: {} };

  let arrival = start + rng.normal(o.usualArrivalMin, P.arrivalSdMin) * MINUTE;
  if (rng.chance(o.lateProne))
    arrival = start + Math.min(P.lateMaxMin, 1 + rng.exponential(P.lateMeanMin)) * MINUTE;
  let departure = end + Math.abs(rng.normal(0, P.departureSdMin)) * MINUTE + rng.float(0, 3) * MINUTE;
  if (rng.chance(P.earlyChance))
    departure = end - Math.min(P.earlyMaxMin, 5 + rng.exponential(P.earlyMeanMin)) * MINUTE;
  // Nobody leaves within an hour of coming in.
  departure = Math.max(departure, arrival + 60 * MINUTE);

  const breakStart = epochAt(date, hours.breakStart, zone);
  const breakEnd = epochAt(date, hours.breakEnd, zone);
  const breakOut = breakStart + rng.normal(0, D.breakOutSdMin) * MINUTE;
  let breakBack = breakEnd + Math.abs(rng.normal(D.breakBackMeanMin, D.breakBackSdMin)) * MINUTE;
  if (rng.chance(D.longBreakChance)) breakBack += rng.float(...D.longBreakExtraMin) * MINUTE;

  return {
    officer: o,
    status: 'present',
    arrival: toSecond(arrival),
    departure: toSecond(departure),
    breakOut: toSecond(breakOut),
    breakBack: toSecond(breakBack),
    forced: {},
  };
}

/**
 * The terminal punches of a present officer: in on arrival, out on leaving (attendance is taken
 * twice a day), sometimes a double press. Punch times are whole seconds, as terminals record them.
 */
export function punchesOf(seed: string, date: LocalDate, d: OfficerDay): PunchItem[] {
  if (d.status !== 'present' || d.arrival === undefined || d.departure === undefined) return [];
  const rng = Rng.from(seed, 'punch', date, d.officer.nip);
  const o = d.officer;
  const out: PunchItem[] = [];
  const punch = (at: number, dir: 'in' | 'out') => {
    const pressed = rng.chance(P.keyPressedChance);
    const item: PunchItem = {
      at,
      nip: o.nip,
      pin: o.pin,
      status: pressed && dir === 'out' ? 1 : 0,
      direction: pressed ? dir : 'unknown',
      verify: o.verify,
    };
    out.push(item);
    if (rng.chance(P.doublePressChance)) out.push({ ...item, at: at + rng.int(3, 9) * 1000 });
  };
  punch(d.arrival, 'in');
  punch(d.departure, 'out');
  return out;
}
