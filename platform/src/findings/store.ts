import { sql, type Selectable } from 'kysely';
import {
  digestOf,
  type Detection,
  type Finding,
  type FindingChange,
  type FindingEvidence,
  type FindingStanding,
  type FindingSubject,
  type ReconcilePlan,
  type StoredFinding,
} from '@pkk/core';
import type { Db } from '../db/index.ts';
import type { FindingsTable } from '../db/schema.ts';
import { referenceEvidenceSnapshot } from './evidence.ts';
import { recordFindingChanges } from './record.ts';
import type { AuditTrx } from '../audit/log.ts';

/** The findings table: the one place findings are read and written. */

type Row = Selectable<FindingsTable>;

export function toFinding(r: Row): Finding {
  return {
    id: r.id,
    kind: r.kind as Finding['kind'],
    nature: r.nature,
    fingerprint: r.fingerprint,
    labels: r.labels as Record<string, string>,
    subject: r.subject as FindingSubject,
    date: r.date,
    from: r.from_at.getTime(),
    to: r.to_at?.getTime() ?? null,
    severity: r.severity,
    confidence: r.confidence,
    state: r.state,
    standing: r.standing,
    evidence: r.evidence as FindingEvidence,
    openedAt: r.opened_at.getTime(),
    updatedAt: r.updated_at.getTime(),
    resolvedAt: r.resolved_at?.getTime() ?? null,
    acknowledgedAt: r.acknowledged_at?.getTime() ?? null,
    escalationLevel: r.escalation_level,
    appealEndsAt: r.standing === null ? null : (r.appeal_ends_at?.getTime() ?? null),
  };
}

/**
 * What one detection pass over an office reconciles against: its open conditions, the conditions
 * that cleared recently (they may reopen), and the occurrences of the pass's day.
 */
export async function loadScope(
  db: Db,
  kelurahan: string,
  date: string,
  resolvedSince: Date,
): Promise<StoredFinding[]> {
  const rows = await db
    .selectFrom('findings')
    .select(['id', 'kind', 'nature', 'fingerprint', 'date', 'state', 'standing', 'digest', 'resolved_at'])
    .where('kelurahan_code', '=', kelurahan)
    // evidence_late is the kinerja module's, not a detector's: a pass must never withdraw it.
    .where('kind', '<>', 'evidence_late')
    .where((w) =>
      w.or([
        w.and([
          w('nature', '=', 'condition'),
          w.or([w('state', '=', 'open'), w('resolved_at', '>=', resolvedSince)]),
        ]),
        w.and([w('nature', '=', 'occurrence'), w('date', '=', date)]),
      ]),
    )
    .execute();
  return rows.map((r) => ({
    ...r,
    kind: r.kind as StoredFinding['kind'],
    resolvedAt: r.resolved_at?.getTime() ?? null,
  }));
}

const json = (v: unknown) => JSON.stringify(v);

function columnsOf(d: Detection) {
  return {
    subject: json(d.subject),
    labels: json(d.labels),
    from_at: new Date(d.from),
    to_at: d.to === null ? null : new Date(d.to),
    severity: d.severity,
    confidence: d.confidence,
    evidence: json(d.evidence),
    digest: digestOf(d),
  };
}

/** Writes a reconcile plan, with a history row per change; returns the changes as stored. */
/** `appealEndsAt`: when a finding of a day about a person stops being contestable (core/src/findings/appeal.ts). */
export async function applyPlan(
  db: AuditTrx,
  plan: ReconcilePlan,
  at: number,
  appealEndsAt: (date: string) => number,
): Promise<FindingChange[]> {
  const now = new Date(at);
  const changes: FindingChange[] = [];
  const history: { finding_id: number; at: Date; action: string; detail: string }[] = [];
  for (const { detection: d, state } of plan.insert) {
    const row = await db
      .insertInto('findings')
      .values({
        kind: d.kind,
        nature: d.nature,
        fingerprint: d.fingerprint,
        kelurahan_code: d.subject.kelurahan,
        kecamatan_code: d.subject.kecamatan,
        nip: d.subject.nip ?? null,
        date: d.date,
        ...columnsOf(d),
        state,
        standing: d.personal ? 'pending' : null,
        appeal_ends_at: d.personal ? new Date(appealEndsAt(d.date)) : null,
        opened_at: now,
        updated_at: now,
        resolved_at: state === 'resolved' ? now : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await referenceEvidenceSnapshot(db, row.id, d.evidence);
    changes.push({ action: 'opened', finding: toFinding(row) });
    history.push({
      finding_id: row.id,
      at: now,
      action: 'opened',
      detail: json({ severity: d.severity, confidence: d.confidence }),
    });
  }
  for (const u of plan.update) {
    const d = u.detection;
    const row = await db
      .updateTable('findings')
      .set({
        ...columnsOf(d),
        updated_at: now,
        ...(u.reinstate
          ? {
              state: 'open' as const,
              resolved_at: null,
              standing: d.personal ? ('pending' as const) : null,
              appeal_ends_at: d.personal ? new Date(Math.max(at, appealEndsAt(d.date))) : null,
              contested_by: null,
            }
          : {}),
      })
      .where('id', '=', u.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await referenceEvidenceSnapshot(db, u.id, d.evidence);
    const action = u.reinstate ? 'reopened' : 'updated';
    changes.push({ action, finding: toFinding(row) });
    history.push({
      finding_id: u.id,
      at: now,
      action,
      detail: json({ severity: d.severity, confidence: d.confidence }),
    });
  }
  for (const r of plan.resolve) {
    const row = await db
      .updateTable('findings')
      .set({
        state: 'resolved',
        resolved_at: now,
        updated_at: now,
        ...(r.withdrawn
          ? {
              standing: sql<FindingStanding | null>`case when standing is null or standing = 'overturned' then standing else 'withdrawn' end`,
            }
          : {}),
      })
      .where('id', '=', r.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const action = r.withdrawn ? 'withdrawn' : 'resolved';
    changes.push({ action, finding: toFinding(row) });
    history.push({ finding_id: r.id, at: now, action, detail: '{}' });
  }
  if (history.length) await db.insertInto('finding_events').values(history).execute();
  await recordFindingChanges(db, changes, { actor: 'system:detect', at });
  return changes;
}
