import { sql, type Kysely } from 'kysely';

/**
 * A terminal's clock estimate (core/src/office/clock-offset.ts): how far ahead its clock runs, and
 * when that was last seen. Each punch stores the correction applied to it in clock_skew_seconds, so
 * what a punch counted as stays fixed whatever the estimate does later.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table devices
      add column clock_lead_seconds integer,
      add column clock_lead_at timestamptz;
    comment on column attendance_punches.clock_skew_seconds is 'seconds taken off punched_at (the device clock ran ahead); null: none';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table devices drop column clock_lead_seconds, drop column clock_lead_at`.execute(db);
}
