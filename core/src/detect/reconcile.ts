import type {
  Detection,
  FindingKind,
  FindingNature,
  FindingStanding,
  FindingState,
} from '../schemas/findings.ts';

/** What reconciling needs to know of a stored finding. */
export interface StoredFinding {
  id: number;
  kind: FindingKind;
  nature: FindingNature;
  fingerprint: string;
  date: string;
  state: FindingState;
  standing: FindingStanding | null;
  digest: string;
  resolvedAt: number | null;
}

export interface ReconcileScope {
  /** The office day of this pass. */
  date: string;
  /** The day is over: its occurrences are final (resolved), its conditions over. */
  closed: boolean;
  /** Kinds whose detector could not judge at this moment: their stored findings stay as they are. */
  unjudged: ReadonlySet<FindingKind>;
  now: number;
  /**
   * A condition that comes back this soon after it cleared is the same one (the finding reopens):
   * a desk left alone whose one waiting citizen gave up, then another came, is one spell, not two.
   */
  reopenWithinMs: number;
}

export interface ReconcilePlan {
  /** New findings, with the state they start in. */
  insert: { detection: Detection; state: FindingState }[];
  /** Stored findings whose content changed (severity, confidence, evidence), or that come back (reinstated). */
  update: { id: number; detection: Detection; reinstate: boolean }[];
  /** Stored findings that no longer hold: a condition cleared, or an occurrence later evidence undid. */
  resolve: { id: number; withdrawn: boolean }[];
}

/** What must change for a stored finding to be rewritten: not the growing minutes of a condition. */
export function digestOf(d: Detection): string {
  return JSON.stringify([
    d.severity,
    d.confidence,
    d.from,
    d.to,
    d.evidence.signals.map((s) => s.agrees),
    d.evidence.events.length,
    d.nature === 'occurrence' ? d.evidence.metrics : null,
    // A camera snapshot found later is worth rewriting for; absent, the digest is as before it existed.
    ...(d.evidence.snapshot ? [d.evidence.snapshot] : []),
  ]);
}

/**
 * Turns one pass's detections into the changes to store, so that re-running a pass (a retried job, a
 * second worker) changes nothing: a finding is matched by fingerprint (an open condition, or the
 * day's occurrence in any state), never inserted twice. `stored` holds the office's open conditions
 * and the occurrences of the pass's day.
 */
export function reconcile(
  stored: readonly StoredFinding[],
  detected: readonly Detection[],
  scope: ReconcileScope,
): ReconcilePlan {
  const plan: ReconcilePlan = { insert: [], update: [], resolve: [] };
  const byFingerprint = new Map<string, StoredFinding>();
  const recent = new Map<string, StoredFinding>();
  for (const s of stored) {
    if (s.nature === 'occurrence') {
      if (s.date === scope.date) byFingerprint.set(s.fingerprint, s);
    } else if (s.state === 'open') {
      byFingerprint.set(s.fingerprint, s);
    } else if (
      s.resolvedAt !== null &&
      scope.now - s.resolvedAt <= scope.reopenWithinMs &&
      s.resolvedAt >= (recent.get(s.fingerprint)?.resolvedAt ?? 0)
    ) {
      recent.set(s.fingerprint, s);
    }
  }
  const seen = new Set<string>();
  for (const d of detected) {
    if (seen.has(d.fingerprint)) continue;
    seen.add(d.fingerprint);
    const again = !byFingerprint.has(d.fingerprint) && !scope.closed ? recent.get(d.fingerprint) : undefined;
    const s = byFingerprint.get(d.fingerprint) ?? again;
    if (!s) {
      plan.insert.push({ detection: d, state: scope.closed ? 'resolved' : 'open' });
      continue;
    }
    const reinstate = s.standing === 'withdrawn' || again !== undefined;
    if (reinstate || s.digest !== digestOf(d)) plan.update.push({ id: s.id, detection: d, reinstate });
  }
  for (const s of byFingerprint.values()) {
    if (seen.has(s.fingerprint)) {
      if (scope.closed && s.state === 'open') plan.resolve.push({ id: s.id, withdrawn: false });
      continue;
    }
    if (s.nature === 'condition') {
      if (!scope.unjudged.has(s.kind) || scope.closed) plan.resolve.push({ id: s.id, withdrawn: false });
    } else if (!scope.unjudged.has(s.kind) && s.standing !== 'withdrawn') {
      plan.resolve.push({ id: s.id, withdrawn: true });
    } else if (scope.closed && s.state === 'open') {
      plan.resolve.push({ id: s.id, withdrawn: false });
    }
  }
  return plan;
}
