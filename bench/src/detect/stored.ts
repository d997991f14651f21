/**
 * The findings the running product stored, in the shape the simulator's scorer reads
 * (sim/src/quality/score.ts): the first step of the end-to-end mode of bench:detect-quality (issue 18
 * §5), which scores what the api, the outbox and the workers wrote against the same ground truth the
 * in-process replay is scored on.
 */
import type { Detection, FindingKind, FindingStanding, FindingSubject } from '@pkk/core';
import type { ReplayedFinding } from '@pkk/sim/quality/replay';
import type { Db } from '@pkk/platform/db/index';

/** The columns of a `findings` row that scoring needs. */
export interface StoredFindingRow {
  kind: string;
  nature: 'condition' | 'occurrence';
  fingerprint: string;
  nip: string | null;
  date: string;
  subject: unknown;
  labels: unknown;
  from_at: Date;
  to_at: Date | null;
  severity: 'info' | 'warning' | 'critical';
  confidence: number;
  standing: FindingStanding | null;
  evidence: unknown;
  opened_at: Date;
  resolved_at: Date | null;
}

/** One stored finding as the scorer sees a replayed one: its detection and when it opened and closed. */
export function storedAsReplayed(row: StoredFindingRow): ReplayedFinding {
  const detection: Detection = {
    kind: row.kind as FindingKind,
    nature: row.nature,
    personal: row.nip !== null,
    fingerprint: row.fingerprint,
    labels: row.labels as Record<string, string>,
    subject: row.subject as FindingSubject,
    date: row.date,
    from: row.from_at.getTime(),
    to: row.to_at?.getTime() ?? null,
    severity: row.severity,
    confidence: row.confidence,
    evidence: row.evidence as Detection['evidence'],
  };
  return {
    detection,
    openedAt: row.opened_at.getTime(),
    resolvedAt: row.resolved_at?.getTime() ?? null,
    standing: row.standing,
  };
}

/** Every finding stored for these office days (and offices, when given). */
export async function readStoredFindings(
  db: Db,
  dates: readonly string[],
  offices?: readonly string[],
): Promise<ReplayedFinding[]> {
  if (!dates.length) return [];
  let q = db
    .selectFrom('findings')
    .select([
      'kind',
      'nature',
      'fingerprint',
      'nip',
      'date',
      'subject',
      'labels',
      'from_at',
      'to_at',
      'severity',
      'confidence',
      'standing',
      'evidence',
      'opened_at',
      'resolved_at',
    ])
    .where('date', 'in', [...dates]);
  if (offices?.length) q = q.where('kelurahan_code', 'in', [...offices]);
  const rows = await q.orderBy('opened_at').execute();
  return rows.map((r) => storedAsReplayed(r as StoredFindingRow));
}
