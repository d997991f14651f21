import { sql, type Kysely } from 'kysely';

/**
 * The sign-in a live view was handed out under (`sessions.token_hash`), so that a media node can
 * tell, from the tables alone, which of its open views lost their right: a logout, a deactivated
 * user or a changed role or area deletes the session rows, and the node's periodic check ends the
 * views whose session is gone even when it missed the Redis announcement. Null on views handed out
 * before this column existed (they are treated as revoked).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table live_views add column session_hash bytea`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table live_views drop column session_hash`.execute(db);
}
