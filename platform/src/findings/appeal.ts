import {
  appealEndsAt,
  settledThrough,
  standingAfter,
  type AppealCalendar,
  type AppealOutcome,
  type FindingChange,
  type PolicyConfig,
} from '@pkk/core';
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { toFinding } from './store.ts';
import { recordFindingChanges } from './record.ts';

const actorOfUser = (by: number | null, actor?: string) =>
  actor ?? (by === null ? 'system:api' : `user:${by}`);

/** The appeal rules' calendar, from the policy. */
export function appealCalendarOf(
  policy: Pick<PolicyConfig, 'workHours' | 'holidays' | 'detection'>,
): AppealCalendar {
  return {
    workHours: policy.workHours,
    holidays: policy.holidays,
    appealWorkingDays: policy.detection.appealWorkingDays,
  };
}

export function appealEndsFor(
  policy: Pick<PolicyConfig, 'workHours' | 'holidays' | 'detection'>,
): (date: string) => number {
  const cal = appealCalendarOf(policy);
  return (date) => appealEndsAt(date, cal);
}

/**
 * Pending findings whose window closed stand. Findings from before windows were stored have theirs
 * from their day. Idempotent: a second run finds nothing pending past its window.
 */
export async function settleAppeals(
  db: Db,
  policy: Pick<PolicyConfig, 'workHours' | 'holidays' | 'detection'>,
  now: number,
): Promise<FindingChange[]> {
  const through = settledThrough(now, appealCalendarOf(policy));
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('findings')
      .set({ standing: 'standing', updated_at: new Date(now) })
      .where('standing', '=', 'pending')
      .where((eb) =>
        eb.or([
          eb('appeal_ends_at', '<=', new Date(now)),
          eb.and([eb('appeal_ends_at', 'is', null), eb('date', '<=', through)]),
        ]),
      )
      .returningAll()
      .execute();
    if (rows.length) {
      await trx
        .insertInto('finding_events')
        .values(
          rows.map((r) => ({
            finding_id: r.id,
            at: new Date(now),
            action: 'stood',
            detail: JSON.stringify({ appealEndedAt: r.appeal_ends_at?.getTime() ?? null }),
          })),
        )
        .execute();
    }
    const changes = rows.map((r) => ({ action: 'stood' as const, finding: toFinding(r) }));
    await recordFindingChanges(trx, changes, { actor: 'system:appeals', at: now });
    return changes;
  });
}

/** Records a contest: the finding is contested, with the reason, by whom, in its history. */
export async function contestFinding(
  db: Db,
  id: number,
  by: number | null,
  text: string,
  now: number,
  /** Who, as the audit trail names them (`token:<id>` for a machine); defaults to the user. */
  actor?: string,
): Promise<FindingChange | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('findings')
      .set({ standing: 'contested', contested_by: by, updated_at: new Date(now) })
      .where('id', '=', id)
      .where('standing', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
    if (!row) return null;
    await trx
      .insertInto('finding_events')
      .values({
        finding_id: id,
        at: new Date(now),
        action: 'contested',
        actor_user_id: by,
        detail: JSON.stringify({ text }),
      })
      .execute();
    const change = { action: 'contested' as const, finding: toFinding(row) };
    await recordFindingChanges(trx, [change], { actor: actorOfUser(by, actor), at: now, detail: { text } });
    return change;
  });
}

/** Records a verifikator's decision on a contested finding. */
export async function decideFinding(
  db: Db,
  id: number,
  by: number | null,
  outcome: AppealOutcome,
  text: string,
  now: number,
  /** Who, as the audit trail names them (`token:<id>` for a machine); defaults to the user. */
  actor?: string,
): Promise<FindingChange | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('findings')
      .set({
        standing: standingAfter(outcome),
        updated_at: new Date(now),
        // An overturned finding is over: it no longer asks anyone to act.
        ...(outcome === 'overturned'
          ? { state: 'resolved' as const, resolved_at: sql<Date>`coalesce(resolved_at, ${new Date(now)})` }
          : {}),
      })
      .where('id', '=', id)
      .where('standing', '=', 'contested')
      .returningAll()
      .executeTakeFirst();
    if (!row) return null;
    await trx
      .insertInto('finding_events')
      .values({
        finding_id: id,
        at: new Date(now),
        action: outcome,
        actor_user_id: by,
        detail: JSON.stringify({ text }),
      })
      .execute();
    const change = { action: outcome, finding: toFinding(row) };
    await recordFindingChanges(trx, [change], { actor: actorOfUser(by, actor), at: now, detail: { text } });
    return change;
  });
}
