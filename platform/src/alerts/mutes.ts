import type { Transaction } from 'kysely';
import { activeSilence, inhibited, MatcherError, silencedBy, type ActiveSilence } from '@pkk/core';
import type { Context } from '../context.ts';
import type { Database } from '../db/schema.ts';
import { alertLabels } from './labels.ts';

/** What keeps an open alert from being sent now: an active silence, or an inhibiting alert that fires. */
export interface Mutes {
  silenced(labels: Readonly<Record<string, string>>): boolean;
  inhibited(labels: Readonly<Record<string, string>>): boolean;
}

/** The silences active at `now` and the alerts that may inhibit others, read once for a flush or a reconcile. */
export async function loadMutes(
  ctx: Context,
  db: Context['db'] | Transaction<Database>,
  now: number,
): Promise<Mutes> {
  const silences = await activeSilences(db, now, ctx.log);
  const sources = (
    await db
      .selectFrom('findings')
      .select(['labels', 'escalation_level'])
      .where('state', '=', 'open')
      .where('kind', '=', 'device_offline')
      .execute()
  ).map((r) =>
    alertLabels({ labels: r.labels as Record<string, string>, escalationLevel: r.escalation_level }),
  );
  return {
    silenced: (labels) => silencedBy(labels, silences, now).length > 0,
    inhibited: (labels) => inhibited(labels, sources, ctx.policy.alerting.inhibit_rules),
  };
}

async function activeSilences(
  db: Context['db'] | Transaction<Database>,
  now: number,
  log: Context['log'],
): Promise<ActiveSilence[]> {
  const rows = await db
    .selectFrom('silences')
    .selectAll()
    .where('expired_at', 'is', null)
    .where('ends_at', '>', new Date(now))
    .execute();
  return rows.flatMap((r) => {
    try {
      return [
        activeSilence({
          id: r.id,
          matchers: r.matchers,
          startsAt: r.starts_at.getTime(),
          endsAt: r.ends_at.getTime(),
        }),
      ];
    } catch (err) {
      // A silence stored before matchers ran on RE2 may hold a regex RE2 refuses: it mutes nothing
      // (said in the log) rather than stop every flush of the city.
      if (!(err instanceof MatcherError)) throw err;
      log.warn({ silence: r.id, error: err.message }, 'silence skipped: a matcher no longer compiles');
      return [];
    }
  });
}
