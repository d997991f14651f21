import {
  epochAt,
  workingDay,
  type DeviceKind,
  type LocalDate,
  type PolicyConfig,
  type Registry,
} from '@pkk/core';
import type { Scenario } from '../scenario/schema.ts';
import { isoInZone, MINUTE } from '../time.ts';
import type { TruthEntry } from '../truth.ts';
import { applyScenario } from './apply-scenario.ts';
import { planOfficerDay, punchesOf } from './attendance.ts';
import { officeDailyMean, planCitizens } from './citizens.ts';
import { staffDesks } from './desks.ts';
import { planPresence } from './presence.ts';
import { simulateQueue } from './queue.ts';
import type { SimOfficer } from './staff.ts';
import type { OfficeDayPlan, OfficerDay } from './types.ts';

export interface PlanInputs {
  seed: string;
  policy: PolicyConfig;
  registry: Registry;
  staff: ReadonlyMap<string, SimOfficer[]>;
  scenario: Scenario;
  deviceName: (code: string, kind: DeviceKind) => string;
}

const noConditions = () => ({ offline: [], skewMs: 0 });

/**
 * Everything one office does on one day, from the seed, the date and the scenario alone: the same
 * inputs always give the same plan. Closed days (weekends, holidays) are empty: nobody comes.
 */
export function planOfficeDay(
  p: PlanInputs,
  code: string,
  date: LocalDate,
): OfficeDayPlan & { warnings: string[] } {
  const { workHours, holidays } = p.policy;
  const zone = workHours.zone;
  const day = workingDay(date, workHours, holidays);
  const officers = p.staff.get(code) ?? [];
  const empty = {
    code,
    date,
    day,
    officers: [],
    leave: [],
    punches: [],
    queue: [],
    presence: [],
    truth: [],
    citizens: 0,
    warnings: [],
  };
  if (!day.hours)
    return {
      ...empty,
      devices: { attendance: noConditions(), queue: noConditions(), presence: noConditions() },
    };
  const hours = day.hours;
  const start = epochAt(date, hours.start, zone);
  const end = epochAt(date, hours.end, zone);

  const days = officers.map((o) => planOfficerDay(p.seed, date, hours, zone, o));
  const anomalies = p.scenario.anomalies.filter(
    (a) => a.kelurahan === code && (!a.dates || a.dates.includes(date)),
  );
  const applied = applyScenario(anomalies, days, {
    seed: p.seed,
    date,
    code,
    hours,
    zone,
    scenario: p.scenario.name,
    deviceName: (kind) => p.deviceName(code, kind),
  });

  const desks = p.registry.desksOf(code);
  const services = p.registry.servicesOf(code);
  const staffing = staffDesks(p.seed, date, code, desks, days, applied.uncovered, applied.away);
  const citizens = planCitizens(
    p.seed,
    date,
    zone,
    hours,
    code,
    services,
    officeDailyMean(p.seed, code) * p.scenario.citizensFactor,
  );
  const queue = simulateQueue(p.seed, date, code, services, staffing, citizens, end);
  const presence = planPresence(
    p.seed,
    date,
    code,
    desks.map((d) => d.code),
    queue.attended,
    start,
    end,
  );
  const punches = days.flatMap((d) => punchesOf(p.seed, date, d)).sort((a, b) => a.at - b.at);

  const warnings = [...applied.warnings];
  for (const req of applied.away) {
    if (!queue.away.some((a) => a.desk === req.desk && a.from >= req.at && a.from < req.at + 60 * MINUTE)) {
      warnings.push(`${code}: desk_unattended ${req.desk}: nobody was at the desk then, nothing injected`);
    }
  }
  const truth: TruthEntry[] = [
    ...officerTruth(days, code, date, start, end, zone, p.policy.workHours.lateGraceSeconds, p.scenario.name),
    ...queue.away.map((a): TruthEntry => ({
      type: 'desk_unattended',
      kelurahan: code,
      nip: a.staffNip,
      desk: a.desk,
      date,
      from: isoInZone(a.from, zone),
      to: isoInZone(a.to, zone),
      minutes: Math.round((a.to - a.from) / MINUTE),
      source: 'scenario',
      scenario: p.scenario.name,
    })),
    ...applied.deviceTruth,
  ];

  return {
    code,
    date,
    day,
    officers: days,
    leave: days.filter((d) => d.status === 'leave').map((d) => ({ nip: d.officer.nip, kind: d.leaveKind! })),
    punches,
    queue: queue.events,
    presence,
    devices: applied.devices,
    truth,
    citizens: queue.issued,
    warnings,
  };
}

/**
 * Deviations of the officers' day, measured from the final times, the way the rules count them:
 * late when the first punch is after start + grace (minutes rounded up, as the live roster does),
 * early when the last punch is before office end.
 */
function officerTruth(
  days: OfficerDay[],
  code: string,
  date: LocalDate,
  start: number,
  end: number,
  zone: string,
  graceSec: number,
  scenario: string,
): TruthEntry[] {
  const out: TruthEntry[] = [];
  const iso = (ms: number) => isoInZone(ms, zone);
  for (const d of days) {
    const who = { kelurahan: code, nip: d.officer.nip, date, ...(d.note ? { note: d.note } : {}) };
    const src = (forced: boolean | undefined) =>
      forced ? { source: 'scenario' as const, scenario } : { source: 'plan' as const };
    if (d.status !== 'present') {
      out.push({
        type: 'absent',
        ...who,
        ...(d.officer.desk ? { desk: d.officer.desk } : {}),
        from: iso(start),
        to: iso(end),
        withLeave: d.status === 'leave',
        ...(d.leaveKind ? { leaveKind: d.leaveKind } : {}),
        ...src(d.forced.status),
      });
      continue;
    }
    if (d.arrival! > start + graceSec * 1000) {
      out.push({
        type: 'late_arrival',
        ...who,
        from: iso(start),
        to: iso(d.arrival!),
        minutes: Math.ceil((d.arrival! - start) / MINUTE),
        ...src(d.forced.arrival),
      });
    }
    if (d.departure! < end) {
      out.push({
        type: 'early_departure',
        ...who,
        from: iso(d.departure!),
        to: iso(end),
        minutes: Math.ceil((end - d.departure!) / MINUTE),
        ...src(d.forced.departure),
      });
    }
  }
  return out;
}
