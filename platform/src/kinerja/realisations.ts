import {
  appealEndsAt,
  digestOf,
  evidenceDueAt,
  evidenceDueDate,
  isEvidenceLate,
  layerWaiting,
  layerWorkingDays,
  localDateOf,
  workingDaysAfter,
  workingDeadline,
  type Detection,
  type PolicyConfig,
  type RealisationStatus,
} from '@pkk/core';
import type { Db } from '../db/index.ts';
import { appealCalendarOf } from '../findings/appeal.ts';

/** Writes of realisations and their verification. Callers check who may act (core verification.ts). */

export type RealisationPolicy = Pick<PolicyConfig, 'workHours' | 'holidays' | 'kinerja' | 'detection'>;

export class KinerjaRefusal extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 422,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface SubmitInput {
  userId: number;
  nip: string;
  targetId: number;
  activityDate: string;
  realised: number;
  note: string;
  evidenceIds: readonly number[];
  now: number;
  /** A rejected realisation this one corrects. */
  supersedes?: number;
}

/**
 * Records a realisation with its evidence. Its deadline (R7.4) is from the activity day; submitted
 * after it, the realisation is late and an `evidence_late` finding about the officer opens (R2.4),
 * appealable like any finding about a person. A correction of a rejected realisation keeps the
 * original's submission time for lateness: fixing what the superior asked for is not being late.
 */
export async function submitRealisation(db: Db, policy: RealisationPolicy, s: SubmitInput): Promise<number> {
  const cal = { workHours: policy.workHours, holidays: policy.holidays };
  const target = await db
    .selectFrom('kinerja_targets as t')
    .innerJoin('kinerja_rhk as h', 'h.id', 't.rhk_id')
    .select(['t.id', 't.month', 'h.nip', 'h.office_kpi', 'h.indicator'])
    .where('t.id', '=', s.targetId)
    .executeTakeFirst();
  if (!target || target.nip !== s.nip)
    throw new KinerjaRefusal(422, `no target ${s.targetId} of this officer`, 'targetId');
  if (target.office_kpi !== null)
    throw new KinerjaRefusal(409, 'an office KPI is computed from operations, not reported', 'targetId');
  if (!s.activityDate.startsWith(`${target.month}-`))
    throw new KinerjaRefusal(
      400,
      `the activity must be in the target's month ${target.month}`,
      'activityDate',
    );
  const today = localDateOf(s.now, policy.workHours.zone);
  if (s.activityDate > today) throw new KinerjaRefusal(400, 'the activity is in the future', 'activityDate');

  const evidence = await db
    .selectFrom('kinerja_evidence')
    .select(['id', 'nip', 'purpose'])
    .where('id', 'in', [...new Set(s.evidenceIds)])
    .execute();
  for (const id of s.evidenceIds) {
    const e = evidence.find((x) => x.id === id);
    if (!e || e.nip !== s.nip || e.purpose !== 'realisation')
      throw new KinerjaRefusal(422, `no realisation evidence ${id} uploaded by this officer`, 'evidenceIds');
  }

  return db.transaction().execute(async (trx) => {
    let submittedAt = s.now;
    if (s.supersedes !== undefined) {
      const old = await trx
        .updateTable('kinerja_realisations')
        .set({ superseded: true })
        .where('id', '=', s.supersedes)
        .where('status', '=', 'rejected')
        .where('superseded', '=', false)
        .returning(['submitted_at', 'target_id'])
        .executeTakeFirst();
      if (!old || old.target_id !== s.targetId)
        throw new KinerjaRefusal(409, 'only the current, rejected realisation can be corrected');
      submittedAt = old.submitted_at.getTime();
    } else {
      const current = await trx
        .selectFrom('kinerja_realisations')
        .select(['id', 'status'])
        .where('target_id', '=', s.targetId)
        .where('superseded', '=', false)
        .executeTakeFirst();
      if (current)
        throw new KinerjaRefusal(
          409,
          current.status === 'rejected'
            ? `realisation ${current.id} was rejected: correct it (resubmit) instead`
            : `the target has realisation ${current.id} already`,
          'targetId',
        );
    }
    const dueAt = evidenceDueAt(s.activityDate, policy.kinerja, cal);
    const late = isEvidenceLate(s.activityDate, submittedAt, policy.kinerja, cal);
    const row = await trx
      .insertInto('kinerja_realisations')
      .values({
        target_id: s.targetId,
        nip: s.nip,
        month: target.month,
        activity_date: s.activityDate,
        realised: s.realised,
        note: s.note,
        status: 'submitted',
        submitted_by: s.userId,
        submitted_at: new Date(s.now),
        due_at: new Date(dueAt),
        late,
        supersedes: s.supersedes ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('kinerja_evidence_links')
      .values([...new Set(s.evidenceIds)].map((evidence_id) => ({ evidence_id, realisation_id: row.id })))
      .execute();
    let lateFinding: number | null = null;
    if (late && s.supersedes !== undefined) {
      lateFinding =
        (
          await trx
            .selectFrom('kinerja_realisations')
            .select('late_finding_id')
            .where('id', '=', s.supersedes)
            .executeTakeFirst()
        )?.late_finding_id ?? null;
    } else if (late) {
      const dueDate = evidenceDueDate(s.activityDate, policy.kinerja, cal);
      lateFinding = await openEvidenceLate(trx, policy, {
        nip: s.nip,
        realisationId: row.id,
        activityDate: s.activityDate,
        indicator: target.indicator,
        dueAt,
        workingDaysLate: Math.max(
          1,
          workingDaysAfter(dueDate, localDateOf(s.now, policy.workHours.zone), cal),
        ),
        now: s.now,
      });
    }
    if (lateFinding !== null)
      await trx
        .updateTable('kinerja_realisations')
        .set({ late_finding_id: lateFinding })
        .where('id', '=', row.id)
        .execute();
    return row.id;
  });
}

/** The evidence_late finding of a realisation: about the officer, on the activity day, appealable. */
async function openEvidenceLate(
  db: Db,
  policy: RealisationPolicy,
  f: {
    nip: string;
    realisationId: number;
    activityDate: string;
    indicator: string;
    dueAt: number;
    workingDaysLate: number;
    now: number;
  },
): Promise<number> {
  const office = await db
    .selectFrom('officers as o')
    .innerJoin('kelurahan as k', 'k.code', 'o.kelurahan_code')
    .select(['o.kelurahan_code', 'k.kecamatan_code'])
    .where('o.nip', '=', f.nip)
    .executeTakeFirstOrThrow();
  const detection: Detection = {
    kind: 'evidence_late',
    nature: 'occurrence',
    personal: true,
    fingerprint: `evidence_late:${f.nip}:realisation:${f.realisationId}`,
    labels: {
      alertname: 'evidence_late',
      kelurahan: office.kelurahan_code,
      kecamatan: office.kecamatan_code,
      nip: f.nip,
      severity: 'info',
    },
    subject: { kelurahan: office.kelurahan_code, kecamatan: office.kecamatan_code, nip: f.nip },
    date: f.activityDate,
    from: f.dueAt,
    to: f.now,
    severity: 'info',
    confidence: 1,
    evidence: {
      events: [],
      metrics: {
        realisationId: f.realisationId,
        activityDate: f.activityDate,
        dueAt: f.dueAt,
        submittedAt: f.now,
        workingDaysLate: f.workingDaysLate,
        creditBp: policy.kinerja.lateEvidence.creditBp.value,
      },
      signals: [],
    },
  };
  const now = new Date(f.now);
  // The appeal window runs from the day it opened, not from the activity day long past.
  const appealEnds = appealEndsAt(localDateOf(f.now, policy.workHours.zone), appealCalendarOf(policy));
  const row = await db
    .insertInto('findings')
    .values({
      kind: detection.kind,
      nature: detection.nature,
      fingerprint: detection.fingerprint,
      kelurahan_code: office.kelurahan_code,
      kecamatan_code: office.kecamatan_code,
      nip: f.nip,
      date: f.activityDate,
      subject: JSON.stringify(detection.subject),
      labels: JSON.stringify(detection.labels),
      from_at: new Date(f.dueAt),
      to_at: now,
      severity: 'info',
      confidence: 1,
      evidence: JSON.stringify(detection.evidence),
      digest: digestOf(detection),
      state: 'resolved',
      standing: 'pending',
      appeal_ends_at: new Date(appealEnds),
      opened_at: now,
      updated_at: now,
      resolved_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('finding_events')
    .values({
      finding_id: row.id,
      at: now,
      action: 'opened',
      detail: JSON.stringify({ realisationId: f.realisationId }),
    })
    .execute();
  return row.id;
}

/**
 * Records one layer's decision (the caller checked the principal may take it): validated moves the
 * realisation on, rejected ends it until corrected. `inTime` says whether the layer kept its deadline
 * (R7.2). Null when the realisation moved meanwhile.
 */
export async function decideRealisation(
  db: Db,
  policy: RealisationPolicy,
  d: {
    id: number;
    expected: RealisationStatus;
    outcome: 'validated' | 'rejected';
    reason: string;
    userId: number;
    nip: string | null;
    now: number;
    reachedAt: number;
  },
): Promise<boolean> {
  const layer = layerWaiting(d.expected);
  if (!layer) return false;
  const cal = { workHours: policy.workHours, holidays: policy.holidays };
  const dueAt = workingDeadline(d.reachedAt, layerWorkingDays(policy.kinerja, layer), cal);
  const next: RealisationStatus =
    d.outcome === 'rejected' ? 'rejected' : layer === 'superior' ? 'validated' : 'verified';
  return db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('kinerja_realisations')
      .set({ status: next })
      .where('id', '=', d.id)
      .where('status', '=', d.expected)
      .where('superseded', '=', false)
      .returning('id')
      .executeTakeFirst();
    if (!moved) return false;
    await trx
      .insertInto('kinerja_decisions')
      .values({
        realisation_id: d.id,
        layer,
        outcome: d.outcome,
        reason: d.reason,
        by_user: d.userId,
        by_nip: d.nip,
        at: new Date(d.now),
        in_time: d.now < dueAt,
      })
      .execute();
    return true;
  });
}
