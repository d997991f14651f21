import { Ratio } from '../tpp/ratio.ts';

/**
 * The office KPIs a lurah's (one kelurahan) and a camat's (the kecamatan's offices together) indicators
 * include, computed from operations (issue 19 §2). Pure functions over the facts they need; the
 * database layer gathers the facts for a period. Every result is exact: a count over a count, or a
 * duration in milliseconds as an exact ratio, so a KPI that feeds a realisation (and so money) never
 * passes through a float.
 */

/** A share: met / counted, with the ratio in lowest terms and basis points floored; null with nothing counted. */
export interface KpiShare {
  met: number;
  counted: number;
  ratio: string | null;
  bp: number | null;
}

function share(met: number, counted: number): KpiShare {
  if (counted === 0) return { met, counted, ratio: null, bp: null };
  const r = Ratio.of(met, counted);
  return { met, counted, ratio: r.toString(), bp: Number(r.mul(Ratio.of(10_000)).floor()) };
}

export interface QueueTicketFact {
  issuedAt: number;
  /** First call to a desk; null if never called (gave up, or still waiting at the period's end). */
  calledAt: number | null;
}

/**
 * Waiting-time SLA: the share of citizens called within the wait target (thresholds.yaml
 * queue.waitTargetMinutes). A ticket never called counts once it has waited past the target by the
 * period's end (the citizen waited too long, whether they gave up or not); one still inside the target
 * is not yet judged.
 */
export function waitSla(
  tickets: readonly QueueTicketFact[],
  targetMinutes: number,
  periodEnd: number,
): KpiShare {
  const target = targetMinutes * 60_000;
  let met = 0;
  let counted = 0;
  for (const t of tickets) {
    if (t.calledAt !== null) {
      counted++;
      if (t.calledAt - t.issuedAt <= target) met++;
    } else if (periodEnd - t.issuedAt > target) {
      counted++;
    }
  }
  return share(met, counted);
}

export interface KpiInterval {
  from: number;
  to: number;
}

/**
 * Desk coverage in service hours: of the time each desk was open for service, the share someone was
 * serving at it (attendance at the desk, camera presence). Overlapping staffed spells of one desk count
 * once. Measured in whole milliseconds.
 */
export function deskCoverage(
  open: readonly (KpiInterval & { desk: string })[],
  staffed: readonly (KpiInterval & { desk: string })[],
): KpiShare {
  const desks = new Set(open.map((o) => o.desk));
  let total = 0;
  let covered = 0;
  for (const desk of [...desks].sort()) {
    const windows = union(open.filter((o) => o.desk === desk));
    const people = union(staffed.filter((s) => s.desk === desk));
    for (const w of windows) {
      total += w.to - w.from;
      for (const p of people) covered += Math.max(0, Math.min(w.to, p.to) - Math.max(w.from, p.from));
    }
  }
  return share(covered, total);
}

function union(spans: readonly KpiInterval[]): KpiInterval[] {
  const sorted = spans.filter((s) => s.to > s.from).sort((a, b) => a.from - b.from || a.to - b.to);
  const out: KpiInterval[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ from: s.from, to: s.to });
  }
  return out;
}

export interface AttendanceDayFact {
  nip: string;
  date: string;
  /** present (late counts as present), absent without notice, or excused (leave, duty: not expected). */
  status: 'present' | 'absent' | 'excused';
}

/** Attendance rate: present officer-days over expected officer-days (excused days are not expected). */
export function attendanceRate(days: readonly AttendanceDayFact[]): KpiShare {
  const present = days.filter((d) => d.status === 'present').length;
  const absent = days.filter((d) => d.status === 'absent').length;
  return share(present, present + absent);
}

export interface AlertAckFact {
  openedAt: number;
  acknowledgedAt: number | null;
}

/**
 * Median time to acknowledge an alert, in milliseconds (exact: the mean of the two middle values for
 * an even count). One still unacknowledged at the period's end counts as open until then, a lower
 * bound of its real delay, so ignoring alerts never improves the median.
 */
export function medianAck(
  alerts: readonly AlertAckFact[],
  periodEnd: number,
): { count: number; medianMs: string | null } {
  const delays = alerts
    .map((a) => Math.max(0, (a.acknowledgedAt ?? periodEnd) - a.openedAt))
    .sort((a, b) => a - b);
  if (delays.length === 0) return { count: 0, medianMs: null };
  const mid = delays.length >> 1;
  const median =
    delays.length % 2 === 1 ? Ratio.of(delays[mid]!) : Ratio.of(delays[mid - 1]! + delays[mid]!, 2);
  return { count: delays.length, medianMs: median.toString() };
}

/**
 * How far a KPI reaches its target, in basis points capped at 100 %: a share against its target share
 * (higher is better), or a median against its target duration (lower is better). A KPI indicator's
 * realisation can be `{ target: 10000, realised: achievementBp }`. Null with nothing measured.
 */
export function achievementBp(
  kpi:
    | { kind: 'share'; bp: number | null; targetBp: number }
    | { kind: 'duration'; ms: string | null; targetMs: number },
): number | null {
  const full = Ratio.of(10_000);
  if (kpi.kind === 'share') {
    if (kpi.bp === null) return null;
    if (kpi.targetBp === 0) return 10_000;
    return Number(Ratio.of(kpi.bp, kpi.targetBp).mul(full).min(full).floor());
  }
  if (kpi.ms === null) return null;
  const actual = Ratio.parse(kpi.ms);
  if (actual.lte(Ratio.of(kpi.targetMs))) return 10_000;
  return Number(Ratio.of(kpi.targetMs).div(actual).mul(full).floor());
}
