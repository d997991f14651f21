import { sql, type Kysely } from 'kysely';

/**
 * Delivery, issue 18:
 * - push_subscriptions.locale: the language a device's notifications are worded in (sent by the web
 *   app when it subscribes and when its language changes; Bahasa Indonesia by default);
 * - notifications.channel loses its check constraint: the channel names are the workers' registry's
 *   (workers/src/delivery/registry.ts), so adding a channel is a file and a line, not a migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table push_subscriptions
      add column locale text not null default 'id' check (locale in ('id', 'en'));
    alter table notifications drop constraint if exists notifications_channel_check;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table notifications
      add constraint notifications_channel_check check (channel in ('webhook', 'webpush'));
    alter table push_subscriptions drop column locale;
  `.execute(db);
}
