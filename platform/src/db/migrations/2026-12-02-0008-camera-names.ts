import { sql, type Kysely } from 'kysely';

/**
 * A camera's name is unique within its kelurahan (case-insensitively), so that an operator picking
 * "Loket 1" on the wall gets one camera and a retried provisioning cannot add a second: the api
 * answers 409 from this index, without a race between two requests.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create unique index cameras_kelurahan_name on cameras (kelurahan_code, lower(name))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index cameras_kelurahan_name`.execute(db);
}
