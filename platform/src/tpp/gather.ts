import {
  addDays,
  leaveKind,
  monthBounds,
  monthWorkingDays,
  type AssignmentSegment,
  type ExcusedDay,
  type JenisJabatan,
  type MonthId,
  type OfficerMonth,
  type PolicyConfig,
  type Registry,
  type StandingFinding,
  type TppFindingKind,
  type TppMonthInput,
  tppMonthInput,
} from '@pkk/core';
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { NOTHING_SUBMITTED, type TppProviders } from './providers.ts';

/**
 * Gathers one month's TPP inputs from the database (issue 19 §4): the assignment history as
 * segments, the standing findings of the month pinned to their version (digest), the findings held
 * out of an earlier locked month and settled since, leave on record, and through the providers the
 * kinerja result, payment gate, sanctions and apel records. Officers whose records do not parse are
 * left out with the field and why (`refused`), never stopping the office's month.
 */

export const TPP_FINDING_KINDS: readonly TppFindingKind[] = [
  'late_arrival',
  'early_departure',
  'missing_checkin',
  'missing_checkout',
  'absent_no_notice',
];

export interface Refused {
  nip: string;
  field: string;
  reason: string;
}

/** Where a line is seen from (scope columns of tpp_lines). */
export interface LinePlace {
  kelurahanCode: string | null;
  kecamatanCode: string | null;
  superiors: string[];
}

export interface GatheredMonth {
  month: MonthId;
  workingDays: string[];
  officers: OfficerMonth[];
  refused: Refused[];
  places: Map<string, LinePlace>;
  /** Findings of the month still contested (or pending) now: left out of this computation. */
  unsettled: { id: number; nip: string; standing: string }[];
  /** Finding ids the month prices, for their versions (tpp_finding_versions). */
  findingIds: number[];
}

export interface GatherOptions {
  /** Findings of this month not to price (those held out when it was locked). */
  exclude?: readonly number[];
  /** Findings of earlier months to price here (held out of a locked month, settled since). */
  settledLate?: readonly number[];
}

/** The database's jenis jabatan (0601-organisation) in core's vocabulary (carried to the line only). */
const JENIS: Record<string, JenisJabatan> = {
  struktural: 'administrator',
  fungsional: 'fungsional',
  pelaksana: 'pelaksana',
};

export async function gatherMonth(
  db: Db,
  policy: Pick<PolicyConfig, 'workHours' | 'holidays' | 'tpp'>,
  registry: Registry,
  providers: TppProviders,
  month: MonthId,
  opts: GatherOptions = {},
): Promise<GatheredMonth> {
  const { first, last } = monthBounds(month);
  const workingDays = monthWorkingDays(month, policy.workHours, policy.holidays);
  const assignments = await db
    .selectFrom('officer_assignments')
    .selectAll()
    .where('valid_from', '<=', last)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', first)]))
    .orderBy('nip')
    .orderBy('valid_from')
    .execute();
  const segmentsOf = new Map<string, AssignmentSegment[]>();
  const places = new Map<string, LinePlace>();
  for (const a of assignments) {
    const seg: AssignmentSegment = {
      ref: `assignment:${a.id}`,
      from: a.valid_from,
      to: a.valid_to === null ? null : addDays(a.valid_to, -1),
      kelas: a.kelas_jabatan,
      golongan: a.golongan,
      jenisJabatan: JENIS[a.jenis_jabatan] ?? 'pelaksana',
      unit: { kind: a.unit_kind, code: a.unit_code },
      superior: a.atasan_nip,
      basicOverride: a.tpp_basic,
    };
    (segmentsOf.get(a.nip) ?? segmentsOf.set(a.nip, []).get(a.nip)!).push(seg);
    const place = places.get(a.nip) ?? { kelurahanCode: null, kecamatanCode: null, superiors: [] };
    // The unit of the latest segment places the line; every superior of the month sees it.
    place.kelurahanCode = a.unit_kind === 'kelurahan' ? a.unit_code : null;
    place.kecamatanCode =
      a.unit_kind === 'kelurahan'
        ? (registry.get(a.unit_code)?.kecamatanCode ?? null)
        : a.unit_kind === 'kecamatan'
          ? a.unit_code
          : null;
    if (a.atasan_nip && !place.superiors.includes(a.atasan_nip)) place.superiors.push(a.atasan_nip);
    places.set(a.nip, place);
  }
  const nips = [...segmentsOf.keys()];
  const exclude = new Set(opts.exclude ?? []);
  const late = [...new Set(opts.settledLate ?? [])];

  const findingRows = nips.length
    ? await db
        .selectFrom('findings')
        .select([
          'id',
          'nip',
          'kind',
          'date',
          'digest',
          'standing',
          sql<unknown>`evidence->'metrics'`.as('metrics'),
        ])
        .where('nip', 'is not', null)
        .where('kind', 'in', TPP_FINDING_KINDS)
        .where((eb) =>
          eb.or([
            eb.and([eb('date', '>=', first), eb('date', '<=', last)]),
            ...(late.length ? [eb('id', 'in', late)] : []),
          ]),
        )
        .execute()
    : [];
  const lateSet = new Set(late);
  const findingsOf = new Map<string, StandingFinding[]>();
  const unsettled: GatheredMonth['unsettled'] = [];
  const findingIds: number[] = [];
  const findingNips: string[] = [];
  for (const f of findingRows) {
    if (!segmentsOf.has(f.nip!)) continue;
    if (exclude.has(f.id)) continue;
    const inMonth = f.date >= first && f.date <= last;
    if (!inMonth && !lateSet.has(f.id)) continue;
    if (f.standing === 'pending' || f.standing === 'contested') {
      if (inMonth) unsettled.push({ id: f.id, nip: f.nip!, standing: f.standing });
      continue;
    }
    if (f.standing !== 'standing') continue;
    const m = (f.metrics ?? {}) as Record<string, unknown>;
    const minutes =
      f.kind === 'late_arrival' ? m.minutesLate : f.kind === 'early_departure' ? m.minutesEarly : null;
    (findingsOf.get(f.nip!) ?? findingsOf.set(f.nip!, []).get(f.nip!)!).push({
      id: f.id,
      digest: f.digest,
      kind: f.kind as TppFindingKind,
      date: f.date,
      tier: typeof m.tier === 'string' ? (m.tier as StandingFinding['tier']) : null,
      minutes: typeof minutes === 'number' ? Math.round(minutes) : null,
    });
    findingIds.push(f.id);
    findingNips.push(f.nip!);
  }

  const leaveRows = nips.length
    ? await db
        .selectFrom('leave_records')
        .select(['id', 'nip', 'kind', 'start_date', 'end_date'])
        .where('start_date', '<=', last)
        .where('end_date', '>=', first)
        .orderBy('id')
        .execute()
    : [];
  const working = new Set(workingDays);
  const excusedOf = new Map<string, Map<string, ExcusedDay>>();
  for (const l of leaveRows) {
    if (!segmentsOf.has(l.nip)) continue;
    const kind = leaveKind.safeParse(l.kind);
    if (!kind.success) continue;
    const days = excusedOf.get(l.nip) ?? excusedOf.set(l.nip, new Map()).get(l.nip)!;
    for (
      let d = l.start_date < first ? first : l.start_date;
      d <= l.end_date && d <= last;
      d = addDays(d, 1)
    ) {
      if (working.has(d) && !days.has(d)) days.set(d, { date: d, leave: kind.data, ref: `leave:${l.id}` });
    }
  }

  const year = `${month.slice(0, 4)}-01-01`;
  const ytdRows =
    nips.length && first > year
      ? await db
          .selectFrom('findings')
          .select([
            'nip',
            sql<number>`count(*) filter (where kind = 'absent_no_notice')::int`.as('absence'),
            sql<number>`coalesce(sum(coalesce((evidence->'metrics'->>'minutesLate')::numeric, (evidence->'metrics'->>'minutesEarly')::numeric, 0)) filter (where kind in ('late_arrival', 'early_departure')), 0)::int`.as(
              'minutes',
            ),
          ])
          .where('standing', '=', 'standing')
          .where('nip', 'is not', null)
          .where('date', '>=', year)
          .where('date', '<', first)
          .$if(late.length > 0, (q) => q.where('id', 'not in', late))
          .groupBy('nip')
          .execute()
      : [];
  const ytd = new Map(ytdRows.map((r) => [r.nip!, r]));

  const [kinerja, sanctions, apel] = await Promise.all([
    providers.kinerja(db, month, nips),
    providers.sanctions(db, month, nips),
    policy.tpp.disiplin.apel.enabled.value ? providers.apel(db, month, nips) : Promise.resolve(new Map()),
  ]);

  const officers: OfficerMonth[] = [];
  for (const nip of nips) {
    const k = kinerja.get(nip);
    const y = ytd.get(nip);
    const candidate = {
      nip,
      segments: segmentsOf.get(nip)!,
      kinerja: k?.kinerja ?? null,
      findings: findingsOf.get(nip) ?? [],
      excused: [...(excusedOf.get(nip)?.values() ?? [])],
      apel: apel.get(nip) ?? [],
      sanctions: sanctions.get(nip) ?? [],
      gate: k?.gate ?? NOTHING_SUBMITTED,
      yearToDate: {
        absenceDays: Math.min(y?.absence ?? 0, 366),
        latenessMinutes: Math.min(y?.minutes ?? 0, 1_000_000),
      },
    };
    officers.push(candidate as OfficerMonth);
  }
  const parsed = parseMonthInput(month, workingDays, officers);
  const kept = new Set(parsed.input.officers.map((o) => o.nip));
  return {
    month,
    workingDays,
    officers: parsed.input.officers,
    refused: parsed.refused,
    places,
    unsettled,
    findingIds: findingIds.filter((_, i) => kept.has(findingNips[i]!)),
  };
}

/**
 * The month's inputs parsed by core's schema; an officer whose record does not parse is left out with
 * the first field that failed and why, and the rest parsed again: one bad record never stops the office.
 */
export function parseMonthInput(
  month: MonthId,
  workingDays: string[],
  candidates: unknown[],
): { input: TppMonthInput; refused: Refused[] } {
  const refused: Refused[] = [];
  let list = candidates;
  for (;;) {
    const r = tppMonthInput.safeParse({ month, workingDays, officers: list });
    if (r.success) return { input: r.data, refused };
    const bad = new Map<number, Refused>();
    for (const i of r.error.issues) {
      const at = i.path[1];
      if (i.path[0] !== 'officers' || typeof at !== 'number' || bad.has(at)) continue;
      const nip = String((list[at] as { nip?: unknown })?.nip ?? `#${at}`);
      bad.set(at, { nip, field: i.path.slice(2).join('.') || '(officer)', reason: i.message });
    }
    if (bad.size === 0) throw r.error;
    refused.push(...bad.values());
    list = list.filter((_, i) => !bad.has(i));
  }
}
