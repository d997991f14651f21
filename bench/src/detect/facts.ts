import {
  epochAt,
  OfficeFacts,
  Registry,
  type DeviceKind,
  type LiveEvent,
  type PolicyConfig,
} from '@pkk/core';
import { emptyScenario } from '@pkk/sim/scenario/load';
import { planOfficeDay } from '@pkk/sim/plan/office-day';
import { generateStaff } from '@pkk/sim/plan/staff';
import { plannedEvents } from '@pkk/sim/quality/events';

/**
 * Realistic office-days for the detection bench: the simulator's plans of the city's 107 offices
 * (dense scenario), as events up to a moment of the morning rush, ready to apply to OfficeFacts.
 */
export interface OfficeDay {
  code: string;
  kecamatanCode: string;
  events: LiveEvent[];
  officers: { nip: string; name: string; position: string; desk: string | null }[];
  leave: [string, string][];
}

export function cityDays(
  policy: PolicyConfig,
  date: string,
  until: string,
): { days: OfficeDay[]; now: number } {
  const registry = new Registry(policy);
  const staff = generateStaff('bench', registry);
  const zone = policy.workHours.zone;
  const now = epochAt(date, until, zone);
  const scenario = { ...emptyScenario('bench'), disruptionFactor: 4 };
  const days = policy.kelurahan.map((k): OfficeDay => {
    const plan = planOfficeDay(
      {
        seed: 'bench',
        policy,
        registry,
        staff,
        scenario,
        deviceName: (c: string, kind: DeviceKind) => `${kind}@${c}`,
      },
      k.code,
      date,
    );
    const events = plannedEvents(plan)
      .map((p) => p.event)
      .filter((e) => e.at <= now)
      .sort((a, b) => a.at - b.at);
    return {
      code: k.code,
      kecamatanCode: k.kecamatanCode,
      events,
      officers: (staff.get(k.code) ?? []).map((s) => ({
        nip: s.nip,
        name: s.name,
        position: s.position,
        desk: s.desk,
      })),
      leave: plan.leave.map((l) => [l.nip, l.kind]),
    };
  });
  return { days, now };
}

/** An office's facts from a day (under another code, for the synthetic regions). */
export function factsOf(
  policy: PolicyConfig,
  registry: Registry,
  d: OfficeDay,
  code: string,
  now: number,
): OfficeFacts {
  const f = new OfficeFacts(
    {
      code,
      kecamatanCode: d.kecamatanCode,
      desks: registry.desksOf(d.code),
      services: registry.servicesOf(d.code),
      zone: policy.workHours.zone,
      punchDebounceMs: policy.workHours.punchDebounceMinutes * 60_000,
      lateGraceMs: policy.workHours.lateGraceSeconds * 1000,
    },
    {
      date: new Date(now).toISOString().slice(0, 10),
      kind: 'working',
      ramadan: false,
      hours: policy.workHours.regular.monThu,
    },
  );
  f.officers = d.officers;
  f.leave = new Map(d.leave as [string, never][]);
  f.devices = (['attendance', 'queue', 'presence'] as const).map((kind, i) => ({
    id: i + 1,
    kind,
    name: `${kind}@${code}`,
    protocol: kind === 'attendance' ? 'adms' : 'json',
    lastSeenAt: now - 5_000,
  }));
  for (const e of d.events) f.apply(e);
  return f;
}
