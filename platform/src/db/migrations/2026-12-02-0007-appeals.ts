import { sql, type Kysely } from 'kysely';

/**
 * Appeals of findings about a person (core/src/findings/appeal.ts): until when each may be contested,
 * fixed when it is opened (a later change of the holiday calendar does not move a window people were
 * told of), and who contested it (they may not decide it). Findings opened before this have their
 * window from their day by the 3-working-day rule at the time of the next settle; null here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table findings
      add column appeal_ends_at timestamptz,
      add column contested_by bigint references users(id);
    alter table findings drop constraint findings_standing_check;
    alter table findings add constraint findings_standing_check
      check (standing in ('pending', 'contested', 'standing', 'overturned', 'withdrawn'));
    create index findings_pending_appeal on findings (appeal_ends_at) where standing = 'pending';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table findings drop column appeal_ends_at, drop column contested_by`.execute(db);
}
