import type { DetectConfig, FindingKind } from '@pkk/core';
import type { TruthEntry } from '../truth.ts';
import type { ReplayedFinding } from './replay.ts';

/**
 * Scores findings against the simulator's ground truth, per kind: a finding is a true positive when
 * it matches a real case (same person and day; same desk, ticket or device during the case), a false
 * positive otherwise, a near miss flagged counting as one; recall over the real cases. Detection delay
 * runs from the moment the condition became true, threshold included, to the finding's opening.
 */

export const SCORED_KINDS = [
  'desk_unattended',
  'late_arrival',
  'early_departure',
  'missing_checkout',
  'absent_no_notice',
  'queue_wait_sla',
  'device_offline',
] as const satisfies readonly FindingKind[];
export type ScoredKind = (typeof SCORED_KINDS)[number];

export interface KindScore {
  kind: ScoredKind;
  cases: number;
  nearMisses: number;
  truePositives: number;
  falsePositives: number;
  nearMissesFlagged: number;
  /** Cases within a minute of a threshold, and the findings about them: counted neither way. */
  borderline: number;
  borderlineFlagged: number;
  missed: number;
  precision: number;
  recall: number;
  delaySeconds: { p50: number; p95: number; p99: number; max: number } | null;
}

function kindOf(t: TruthEntry): ScoredKind | null {
  switch (t.type) {
    case 'absent':
      return 'absent_no_notice';
    case 'terminal_offline':
    case 'kiosk_offline':
    case 'camera_offline':
      return 'device_offline';
    case 'clock_skew':
    case 'camera_down': // judged by the workers' camera_offline rule from camera_status; not scored here yet
      return null;
    default:
      return t.type;
  }
}

/** Whether a truth entry is a case the detector must find (not a near miss, an excused absence). */
function isCase(t: TruthEntry): boolean {
  return !t.nearMiss && !t.borderline && !(t.type === 'absent' && t.withLeave);
}

/** The moment the condition became true, its threshold included. */
function conditionTime(t: TruthEntry, k: ScoredKind, c: DetectConfig): number {
  const from = Date.parse(t.from);
  const to = t.to ? Date.parse(t.to) : from;
  const minute = 60_000;
  switch (k) {
    case 'late_arrival':
    case 'early_departure':
      return to;
    case 'missing_checkout':
      return to + c.detection.attendance.missingCheckoutAfterMinutes * minute;
    case 'absent_no_notice':
      return to + c.detection.attendance.absentAfterMinutes * minute;
    case 'desk_unattended':
    case 'queue_wait_sla':
      return Date.parse(t.conditionAt!);
    case 'device_offline':
      return from + c.thresholds.devices.offlineAfterSeconds * 1000;
  }
}

function matches(f: ReplayedFinding, t: TruthEntry, k: ScoredKind, slackMs: number): boolean {
  const s = f.detection.subject;
  if (f.detection.kind !== k || s.kelurahan !== t.kelurahan || f.detection.date !== t.date) return false;
  const during = () =>
    f.openedAt >= Date.parse(t.from) && f.openedAt <= (t.to ? Date.parse(t.to) : Infinity) + slackMs;
  switch (k) {
    case 'desk_unattended':
      return s.desk === t.desk && during();
    case 'queue_wait_sla':
      return s.ticket === t.ticket && during();
    case 'device_offline':
      return s.device === t.device && during();
    default:
      return s.nip === t.nip;
  }
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

export function score(
  findings: ReplayedFinding[],
  truth: TruthEntry[],
  config: DetectConfig,
  slackMs: number,
): KindScore[] {
  return SCORED_KINDS.map((kind) => {
    const mine = truth.filter((t) => kindOf(t) === kind);
    const cases = mine.filter(isCase);
    const near = mine.filter((t) => !isCase(t) && !t.borderline);
    const border = mine.filter((t) => t.borderline);
    const found = findings.filter((f) => f.detection.kind === kind);
    const used = new Set<ReplayedFinding>();
    const delays: number[] = [];
    for (const t of cases) {
      const f = found.find((x) => !used.has(x) && matches(x, t, kind, slackMs));
      if (!f) continue;
      used.add(f);
      delays.push((f.openedAt - conditionTime(t, kind, config)) / 1000);
    }
    const unmatched = found.filter((f) => !used.has(f));
    const rest = unmatched.filter((f) => !border.some((t) => matches(f, t, kind, slackMs)));
    const nearFlagged = rest.filter((f) => near.some((t) => matches(f, t, kind, slackMs))).length;
    const tp = used.size;
    const fp = rest.length;
    delays.sort((a, b) => a - b);
    return {
      kind,
      cases: cases.length,
      nearMisses: near.length,
      truePositives: tp,
      falsePositives: fp,
      nearMissesFlagged: nearFlagged,
      borderline: border.length,
      borderlineFlagged: unmatched.length - rest.length,
      missed: cases.length - tp,
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: cases.length === 0 ? 1 : tp / cases.length,
      delaySeconds: delays.length
        ? {
            p50: quantile(delays, 0.5),
            p95: quantile(delays, 0.95),
            p99: quantile(delays, 0.99),
            max: delays[delays.length - 1]!,
          }
        : null,
    };
  });
}
