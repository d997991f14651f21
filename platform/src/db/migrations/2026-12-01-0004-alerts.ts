import { sql, type Kysely } from 'kysely';

/**
 * Alerts, as Alertmanager keeps them, over the findings:
 * - findings gain who acknowledged them and their escalation level;
 * - silences: Alertmanager matchers with a time window, created and expired by people;
 * - alert_groups: one per route receiver and group labels, with when it was last notified and what
 *   (a digest of its alerts, the fingerprints it said were firing), so a flush that changes nothing
 *   sends nothing and a resolution is told to whoever heard of the alert;
 * - notifications: every message to every target, in order per group and target, with its attempts,
 *   last error and outcome (sent, dead after the last attempt, gone when a push subscription expired):
 *   the delivery log;
 * - push_subscriptions: Web Push endpoints per user and device.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table findings
      add column acknowledged_at timestamptz,
      add column acknowledged_by bigint references users(id),
      add column escalation_level integer not null default 0;

    create table silences (
      id bigint generated always as identity primary key,
      matchers jsonb not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null check (ends_at > starts_at),
      comment text not null,
      created_by bigint references users(id),
      created_at timestamptz not null,
      expired_at timestamptz,
      expired_by bigint references users(id)
    );
    create index silences_active on silences (ends_at) where expired_at is null;

    create table alert_groups (
      id bigint generated always as identity primary key,
      route_id text not null,
      receiver text not null,
      group_key text not null,
      group_labels jsonb not null,
      created_at timestamptz not null,
      last_notified_at timestamptz,
      last_digest text,
      -- fingerprints notified as firing last time: their resolution is the next notification's news
      last_firing jsonb not null default '[]',
      unique (receiver, group_key)
    );

    create table notifications (
      id bigint generated always as identity primary key,
      group_id bigint not null references alert_groups(id),
      channel text not null check (channel in ('webhook', 'webpush')),
      target text not null,
      payload jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'sent', 'dead', 'gone')),
      attempts integer not null default 0,
      last_error text,
      http_status integer,
      created_at timestamptz not null,
      sent_at timestamptz
    );
    create index notifications_pending on notifications (target, id) where status = 'pending';
    create index notifications_group on notifications (group_id, id);

    create table push_subscriptions (
      id bigint generated always as identity primary key,
      user_id bigint not null references users(id),
      endpoint text not null unique,
      p256dh text not null,
      auth text not null,
      user_agent text,
      created_at timestamptz not null,
      last_success_at timestamptz,
      expired_at timestamptz
    );
    create index push_subscriptions_user on push_subscriptions (user_id) where expired_at is null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table push_subscriptions; drop table notifications; drop table alert_groups; drop table silences;
    alter table findings drop column acknowledged_at, drop column acknowledged_by, drop column escalation_level;
  `.execute(db);
}
