import type { DayHours, DeskDef, DeviceKind, LocalDate } from '@pkk/core';
import { epochAt } from '@pkk/core';
import { Rng } from '../random.ts';
import { isoInZone, MINUTE, toSecond } from '../time.ts';
import type { TruthEntry } from '../truth.ts';
import type { AwayRequest } from './desks.ts';
import { PARAMS } from './params.ts';
import type { DeviceConditions, OfficerDay } from './types.ts';

const P = PARAMS.disruptions;

/**
 * Officers walking away from their desks in the working hours (not around lunch): some long enough
 * to be a finding when citizens wait, some brief. Whether a spell really happened, and whether
 * anybody waited, is known only after the queue is simulated (see `deskTruth`).
 */
export function naturalAways(
  seed: string,
  date: LocalDate,
  code: string,
  desks: DeskDef[],
  hours: DayHours,
  zone: string,
  factor: number,
): AwayRequest[] {
  const out: AwayRequest[] = [];
  const start = epochAt(date, hours.start, zone);
  const lunch = epochAt(date, hours.breakStart, zone);
  const back = epochAt(date, hours.breakEnd, zone);
  const end = epochAt(date, hours.end, zone);
  for (const desk of desks) {
    const rng = Rng.from(seed, 'away', date, code, desk.code);
    const draw = (chance: number, [lo, hi]: readonly [number, number]) => {
      if (!rng.chance(Math.min(1, chance * factor))) return;
      const minutes = rng.int(lo, hi);
      // Morning (start + 1 h until lunch) or afternoon (after lunch until an hour before end).
      const morning = rng.chance(0.6);
      const from = morning ? start + 60 * MINUTE : back + 15 * MINUTE;
      const until = (morning ? lunch : end - 60 * MINUTE) - (minutes + 5) * MINUTE;
      if (until <= from) return;
      out.push({ desk: desk.code, at: toSecond(from + rng.float(0, 1) * (until - from)), minutes });
    };
    draw(P.deskLongAwayChance, P.deskLongAwayMin);
    draw(P.deskShortAwayChance, P.deskShortAwayMin);
  }
  return out;
}

/** Link outages and blips of the office's devices during the working day. */
export function naturalOutages(
  seed: string,
  date: LocalDate,
  code: string,
  hours: DayHours,
  zone: string,
  factor: number,
  devices: Record<DeviceKind, DeviceConditions>,
  deviceName: (kind: DeviceKind) => string,
): TruthEntry[] {
  const truth: TruthEntry[] = [];
  const start = epochAt(date, hours.start, zone);
  const end = epochAt(date, hours.end, zone);
  const TYPE = {
    attendance: 'terminal_offline',
    queue: 'kiosk_offline',
    presence: 'camera_offline',
  } as const;
  for (const kind of ['attendance', 'queue', 'presence'] as const) {
    const rng = Rng.from(seed, 'outage', date, code, kind);
    const add = (from: number, ms: number, nearMiss: boolean) => {
      const to = from + ms;
      // Never on top of another outage of the same device: two would read as one.
      if (devices[kind].offline.some((o) => from < o.to + 10 * MINUTE && to > o.from - 10 * MINUTE)) return;
      devices[kind].offline.push({ from, to });
      truth.push({
        type: TYPE[kind],
        kelurahan: code,
        device: deviceName(kind),
        date,
        from: isoInZone(from, zone),
        to: isoInZone(to, zone),
        minutes: Math.round(ms / MINUTE),
        source: 'plan',
        ...(nearMiss ? { nearMiss: true } : {}),
      });
    };
    const when = (ms: number) => toSecond(start + rng.float(0, 1) * (end - start - ms - 10 * MINUTE));
    if (rng.chance(Math.min(1, P.deviceOutageChance * factor))) {
      const ms = rng.int(...P.deviceOutageMin) * MINUTE;
      add(when(ms), ms, false);
    }
    if (rng.chance(Math.min(1, P.deviceBlipChance * factor))) {
      const ms = rng.int(...P.deviceBlipSec) * 1000;
      add(when(ms), ms, true);
    }
  }
  return truth;
}

/** Officers who come in just inside the grace, and officers who forget to punch out. */
export function attendanceSlips(
  seed: string,
  date: LocalDate,
  hours: DayHours,
  zone: string,
  graceSec: number,
  factor: number,
  days: OfficerDay[],
): { forgot: Set<string> } {
  const start = epochAt(date, hours.start, zone);
  const forgot = new Set<string>();
  for (const d of days) {
    if (d.status !== 'present' || d.forced.arrival || d.forced.status) continue;
    const rng = Rng.from(seed, 'slip', date, d.officer.nip);
    if (graceSec > 1 && rng.chance(Math.min(1, P.graceArrivalChance * factor))) {
      d.arrival = start + rng.int(1, graceSec - 1) * 1000;
      d.departure = Math.max(d.departure!, d.arrival + 60 * MINUTE);
    }
    if (rng.chance(Math.min(1, P.forgetCheckoutChance * factor))) forgot.add(d.officer.nip);
  }
  return { forgot };
}
