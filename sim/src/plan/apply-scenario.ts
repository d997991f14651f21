import { epochAt, type DayHours, type DeviceKind, type LocalDate } from '@pkk/core';
import type { Anomaly, OfficerSelector } from '../scenario/schema.ts';
import { isoInZone, MINUTE } from '../time.ts';
import type { TruthEntry } from '../truth.ts';
import { planOfficerDay } from './attendance.ts';
import type { AwayRequest } from './desks.ts';
import type { DeviceConditions, OfficerDay } from './types.ts';

export interface ScenarioDay {
  seed: string;
  date: LocalDate;
  code: string;
  hours: DayHours;
  zone: string;
  scenario: string;
  deviceName: (kind: DeviceKind) => string;
}

export interface Applied {
  uncovered: Set<string>;
  away: AwayRequest[];
  devices: Record<DeviceKind, DeviceConditions>;
  /** Device anomalies: they are true as declared, whatever the day brings. */
  deviceTruth: TruthEntry[];
  /** Anomalies that could not apply (e.g. no officer matches the selector). */
  warnings: string[];
}

export function findOfficer(days: OfficerDay[], s: OfficerSelector): OfficerDay | undefined {
  if (s.nip) return days.find((d) => d.officer.nip === s.nip);
  if (s.desk) return days.find((d) => d.officer.desk === s.desk);
  if (s.pin) return days.find((d) => d.officer.pin === s.pin);
  const p = s.position!.toLowerCase();
  return days.find((d) => d.officer.position.toLowerCase() === p);
}

const OFFLINE_KIND = {
  terminal_offline: 'attendance',
  kiosk_offline: 'queue',
  camera_offline: 'presence',
} as const;

/**
 * Puts a scenario's anomalies into one office's day. Officer anomalies change the officer days in
 * place (forcing presence where an anomaly needs the officer in: one cannot be late while away);
 * desk and device anomalies come back as requests for the desk plan and device conditions.
 */
export function applyScenario(anomalies: Anomaly[], days: OfficerDay[], c: ScenarioDay): Applied {
  const out: Applied = {
    uncovered: new Set(),
    away: [],
    devices: {
      attendance: { offline: [], skewMs: 0 },
      queue: { offline: [], skewMs: 0 },
      presence: { offline: [], skewMs: 0 },
    },
    deviceTruth: [],
    warnings: [],
  };
  const start = epochAt(c.date, c.hours.start, c.zone);
  const end = epochAt(c.date, c.hours.end, c.zone);
  const iso = (ms: number) => isoInZone(ms, c.zone);
  const replace = (d: OfficerDay, next: OfficerDay) => {
    days[days.indexOf(d)] = next;
    return next;
  };
  const ensurePresent = (d: OfficerDay): OfficerDay =>
    d.status === 'present'
      ? d
      : replace(d, {
          ...planOfficerDay(c.seed, c.date, c.hours, c.zone, d.officer, true),
          forced: { ...d.forced },
        });

  for (const a of anomalies) {
    // RTSP camera outages are played by the camera server, not the day plan (sim/src/cameras/outages.ts).
    if (a.type === 'camera_down') continue;
    const tag = a.note ? { note: a.note } : {};
    if (a.type === 'officer_absent' || a.type === 'late_arrival' || a.type === 'early_departure') {
      const found = findOfficer(days, a.officer);
      if (!found) {
        out.warnings.push(`${c.code}: ${a.type}: no officer matches ${JSON.stringify(a.officer)}`);
        continue;
      }
      if (a.type === 'officer_absent') {
        replace(found, {
          officer: found.officer,
          status: a.withLeave ? 'leave' : 'absent',
          ...(a.withLeave ? { leaveKind: a.leaveKind } : {}),
          forced: { status: true },
          ...tag,
        });
        if (!a.covered && found.officer.desk) out.uncovered.add(found.officer.desk);
      } else if (a.type === 'late_arrival') {
        const d = ensurePresent(found);
        d.arrival = start + a.minutes * MINUTE;
        d.departure = Math.max(d.departure!, d.arrival + 60 * MINUTE);
        d.forced.arrival = true;
        if (a.note) d.note = a.note;
      } else {
        const d = ensurePresent(found);
        d.departure = end - a.minutes * MINUTE;
        d.arrival = Math.min(d.arrival!, d.departure - 60 * MINUTE);
        d.forced.departure = true;
        if (a.note) d.note = a.note;
      }
    } else if (a.type === 'desk_unattended') {
      const at = epochAt(c.date, a.at, c.zone);
      // The desk's officer must be at it to walk away from it: in, and in well before.
      const own = days.find((d) => d.officer.desk === a.desk);
      if (own && !own.forced.status) {
        const d = ensurePresent(own);
        if (d.arrival! > at - 30 * MINUTE && !d.forced.arrival) d.arrival = at - 45 * MINUTE;
        if (d.departure! < at + (a.minutes + 30) * MINUTE && !d.forced.departure)
          d.departure = at + (a.minutes + 60) * MINUTE;
      }
      out.away.push({ desk: a.desk, at, minutes: a.minutes });
    } else if (a.type === 'clock_skew') {
      out.devices[a.device].skewMs = a.minutes * MINUTE;
      out.deviceTruth.push({
        type: 'clock_skew',
        kelurahan: c.code,
        device: c.deviceName(a.device),
        date: c.date,
        from: iso(epochAt(c.date, '00:00', c.zone)),
        minutes: a.minutes,
        source: 'scenario',
        scenario: c.scenario,
        ...tag,
      });
    } else {
      const kind = OFFLINE_KIND[a.type];
      const from = epochAt(c.date, a.at, c.zone);
      const to = from + a.minutes * MINUTE;
      out.devices[kind].offline.push({ from, to });
      out.deviceTruth.push({
        type: a.type,
        kelurahan: c.code,
        device: c.deviceName(kind),
        date: c.date,
        from: iso(from),
        to: iso(to),
        minutes: a.minutes,
        source: 'scenario',
        scenario: c.scenario,
        ...tag,
      });
    }
  }
  return out;
}
