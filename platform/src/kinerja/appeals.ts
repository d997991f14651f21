import {
  appealDeciderKind,
  workingDeadline,
  type AppealDecider,
  type AppealView,
  type FindingChange,
  type PolicyConfig,
} from '@pkk/core';
import type { Db } from '../db/index.ts';
import { contestFinding } from '../findings/appeal.ts';
import { directSuperiorOf } from '../org/superior.ts';
import { linkedEvidence } from './store.ts';

/**
 * Appeals with a decider and a deadline (issue 19 §3): contesting a finding names who decides it (by
 * default the officer's direct superior on the finding's day; kinerja.yaml appeals), by when
 * (decisionWorkingDays), and attaches evidence. Undecided past the deadline, it escalates one level
 * up the chain (the decider's own superior), and to a verifikator when the chain ends.
 */
export type AppealPolicy = Pick<PolicyConfig, 'workHours' | 'holidays' | 'kinerja' | 'detection'>;

async function deciderFor(
  db: Db,
  kind: AppealDecider,
  nip: string,
  date: string,
): Promise<{ kind: AppealDecider; nip: string | null }> {
  if (kind === 'verifikator') return { kind, nip: null };
  const first = await directSuperiorOf(db, nip, date);
  const who = kind === 'superiors_superior' && first ? await directSuperiorOf(db, first, date) : first;
  return who ? { kind, nip: who } : { kind: 'verifikator', nip: null };
}

export async function openAppeal(
  db: Db,
  policy: AppealPolicy,
  a: {
    finding: { id: number; nip: string; date: string };
    userId: number | null;
    text: string;
    evidenceIds: readonly number[];
    now: number;
  },
): Promise<FindingChange | null> {
  const decider = await deciderFor(
    db,
    appealDeciderKind(policy.kinerja, 'finding'),
    a.finding.nip,
    a.finding.date,
  );
  const change = await contestFinding(db, a.finding.id, a.userId, a.text, a.now);
  if (!change) return null;
  await db
    .insertInto('kinerja_appeals')
    .values({
      finding_id: a.finding.id,
      decider_kind: decider.kind,
      decider_nip: decider.nip,
      due_at: new Date(
        workingDeadline(a.now, policy.kinerja.appeals.decisionWorkingDays.value, {
          workHours: policy.workHours,
          holidays: policy.holidays,
        }),
      ),
      opened_by: a.userId,
      opened_at: new Date(a.now),
    })
    .onConflict((oc) =>
      oc.column('finding_id').doUpdateSet((eb) => ({
        decider_kind: eb.ref('excluded.decider_kind'),
        decider_nip: eb.ref('excluded.decider_nip'),
        due_at: eb.ref('excluded.due_at'),
        escalations: 0,
        opened_by: eb.ref('excluded.opened_by'),
        opened_at: eb.ref('excluded.opened_at'),
      })),
    )
    .execute();
  if (a.evidenceIds.length)
    await db
      .insertInto('kinerja_evidence_links')
      .values([...new Set(a.evidenceIds)].map((evidence_id) => ({ evidence_id, finding_id: a.finding.id })))
      .execute();
  return change;
}

/**
 * Escalates every contested appeal past its deadline: the decider's superior (on the finding's day)
 * decides now, or a verifikator when there is none; each step in the finding's history. Idempotent
 * for a given `now`. Returns the findings escalated.
 */
export async function escalateAppeals(db: Db, policy: AppealPolicy, now: number): Promise<number[]> {
  const due = await db
    .selectFrom('kinerja_appeals as a')
    .innerJoin('findings as f', 'f.id', 'a.finding_id')
    .select(['a.finding_id', 'a.decider_nip', 'a.escalations', 'f.date'])
    .where('f.standing', '=', 'contested')
    .where('a.due_at', '<=', new Date(now))
    .where('a.decider_nip', 'is not', null)
    .execute();
  const out: number[] = [];
  for (const a of due) {
    const up = await directSuperiorOf(db, a.decider_nip!, a.date);
    const next = workingDeadline(now, policy.kinerja.appeals.decisionWorkingDays.value, {
      workHours: policy.workHours,
      holidays: policy.holidays,
    });
    const moved = await db
      .updateTable('kinerja_appeals')
      .set({
        decider_nip: up,
        decider_kind: up ? 'superiors_superior' : 'verifikator',
        escalations: a.escalations + 1,
        due_at: new Date(next),
      })
      .where('finding_id', '=', a.finding_id)
      .where('escalations', '=', a.escalations)
      .returning('finding_id')
      .executeTakeFirst();
    if (!moved) continue;
    await db
      .insertInto('finding_events')
      .values({
        finding_id: a.finding_id,
        at: new Date(now),
        action: 'escalated',
        detail: JSON.stringify({ from: a.decider_nip, to: up ?? 'verifikator', dueAt: next }),
      })
      .execute();
    out.push(a.finding_id);
  }
  return out;
}

/** Appeals of the given findings, with their evidence. */
export async function appealViews(db: Db, findingIds: readonly number[], now: number): Promise<AppealView[]> {
  if (findingIds.length === 0) return [];
  const rows = await db
    .selectFrom('kinerja_appeals as a')
    .innerJoin('findings as f', 'f.id', 'a.finding_id')
    .select([
      'a.finding_id',
      'a.decider_kind',
      'a.decider_nip',
      'a.due_at',
      'a.escalations',
      'f.kind',
      'f.nip',
      'f.date',
      'f.standing',
    ])
    .where('a.finding_id', 'in', [...new Set(findingIds)])
    .orderBy('a.opened_at')
    .execute();
  const { finding: evidence } = await linkedEvidence(db, { findings: rows.map((r) => r.finding_id) });
  return rows.map((r) => ({
    findingId: r.finding_id,
    kind: r.kind,
    nip: r.nip,
    date: r.date,
    standing: r.standing,
    deciderKind: r.decider_kind,
    deciderNip: r.decider_nip,
    dueAt: r.due_at.getTime(),
    overdue: r.standing === 'contested' && now >= r.due_at.getTime(),
    escalations: r.escalations,
    evidence: evidence.get(r.finding_id) ?? [],
  }));
}
