import {
  earlyMinutes,
  epochAt,
  lateMinutes,
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
import { attendanceSlips, naturalAways, naturalOutages } from './disruptions.ts';
import { deskTruth, queueWaitTruth, waitsOf } from './queue-truth.ts';
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
    attended: new Map(),
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

  const factor = p.scenario.disruptionFactor ?? 1;
  const days = officers.map((o) => planOfficerDay(p.seed, date, hours, zone, o, false, factor));
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
  const graceSec = p.policy.workHours.lateGraceSeconds;
  const slips = attendanceSlips(p.seed, date, hours, zone, graceSec, factor, days);
  const natural = naturalAways(p.seed, date, code, desks, hours, zone, factor);
  const outageTruth = naturalOutages(p.seed, date, code, hours, zone, factor, applied.devices, (kind) =>
    p.deviceName(code, kind),
  );
  const staffing = staffDesks(p.seed, date, code, desks, days, applied.uncovered, [
    ...applied.away,
    ...natural,
  ]);
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
  const punches = days
    .flatMap((d) => {
      const list = punchesOf(p.seed, date, d);
      // A forgotten check-out: the last punch of the day never happens.
      return slips.forgot.has(d.officer.nip) ? list.filter((x) => x.at < d.departure!) : list;
    })
    .sort((a, b) => a.at - b.at);

  const warnings = [...applied.warnings];
  for (const req of applied.away) {
    if (!queue.away.some((a) => a.desk === req.desk && a.from >= req.at && a.from < req.at + 60 * MINUTE)) {
      warnings.push(`${code}: desk_unattended ${req.desk}: nobody was at the desk then, nothing injected`);
    }
  }
  const rules = {
    waitTargetMs: p.policy.thresholds.queue.waitTargetMinutes * MINUTE,
    unattendedMs: p.policy.detection.desk.unattendedMinutes * MINUTE,
  };
  const waits = waitsOf(queue.events, epochAt(date, '23:59', zone));
  const scenarioAway = (desk: string, from: number) =>
    applied.away.some((a) => a.desk === desk && from >= a.at && from < a.at + 60 * MINUTE)
      ? { source: 'scenario' as const, scenario: p.scenario.name }
      : { source: 'plan' as const };
  const truth: TruthEntry[] = [
    ...officerTruth(days, code, date, start, end, zone, graceSec, p.scenario.name, slips.forgot),
    ...deskTruth(queue.away, waits, desks, rules, code, date, zone, scenarioAway),
    ...queueWaitTruth(waits, rules, code, date, zone),
    ...applied.deviceTruth,
    ...outageTruth,
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
    attended: queue.attended,
    devices: applied.devices,
    truth,
    citizens: queue.issued,
    warnings,
  };
}

/**
 * Deviations of the officers' day, measured from the final times, the way the rules count them (core's
 * lateMinutes / earlyMinutes, whole minutes): late when the first punch is after start + grace, early
 * when the last punch is a whole minute or more before office end.
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
  forgot: ReadonlySet<string>,
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
    const late = lateMinutes(d.arrival!, start, graceSec * 1000);
    if (d.arrival! > start && late === 0) {
      out.push({
        type: 'late_arrival',
        ...who,
        from: iso(start),
        to: iso(d.arrival!),
        minutes: 0,
        nearMiss: true,
        note: 'in within the grace',
        source: 'plan',
      });
    } else if (late > 0) {
      out.push({
        type: 'late_arrival',
        ...who,
        from: iso(start),
        to: iso(d.arrival!),
        minutes: late,
        ...src(d.forced.arrival),
      });
    }
    if (forgot.has(d.officer.nip)) {
      out.push({ type: 'missing_checkout', ...who, from: iso(d.arrival!), to: iso(end), source: 'plan' });
      continue;
    }
    const early = earlyMinutes(d.departure!, end);
    if (d.departure! < end) {
      out.push({
        type: 'early_departure',
        ...who,
        from: iso(d.departure!),
        to: iso(end),
        minutes: early,
        ...(early === 0 ? { nearMiss: true, note: 'out less than a whole minute before the end' } : {}),
        ...src(d.forced.departure),
      });
    }
  }
  return out;
}
