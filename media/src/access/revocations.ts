import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Db } from '@pkk/platform/db/index';
import type { Logger } from '@pkk/platform/infra/logger';
import { credentialRef } from '@pkk/platform/media/credential-ref';
import type { LiveViews } from './live-views.ts';

/**
 * How often the open views are checked against the tables. With the check's own time this keeps the
 * promise that a view ends within 10 s of a logout, a deactivation or a changed role or area even
 * when the Redis announcement was missed (a node that was reconnecting, Redis restarting).
 */
export const REVOCATION_CHECK_MS = 5_000;

/** The announcement's payload: the hex SHA-256 digests of the credentials that ended. */
const revokedDigests = z.array(z.string().regex(/^[0-9a-f]{64}$/i)).max(10_000);

export interface RevocationsOptions {
  db: Db;
  /** A subscriber connection for `channel` (retries for ever, as subscribers do). */
  subscriber: Redis;
  /** channels.revoked(prefix): what the api publishes on a logout or an ended session. */
  channel: string;
  views: LiveViews;
  log: Logger;
  everyMs?: number;
}

/**
 * Ends the views whose sign-in has ended, by two paths. Fast: the api announces the digests of the
 * sessions it ended (logout; a user deactivated, or their role, area or password changed; an API
 * token revoked), and the views handed out under them (`sid`) end at once. Sure: every few seconds,
 * and whenever the Redis connection comes back, the open views are looked up in live_views, and those
 * whose session row is gone or expired, or whose user is inactive, are ended; a view without its
 * row is ended too (fail closed). API tokens cannot open views (the api refuses them a play), so
 * their revocations never match here.
 */
export class Revocations {
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;

  constructor(private readonly o: RevocationsOptions) {}

  async start(): Promise<void> {
    const { subscriber, channel, log } = this.o;
    subscriber.on('message', (ch: string, message: string) => {
      if (ch === channel) this.heard(message);
    });
    // Whatever was announced while the connection was away is found by the tables at once.
    subscriber.on('ready', () => void this.check());
    await subscriber.subscribe(channel);
    this.timer = setInterval(() => void this.check(), this.o.everyMs ?? REVOCATION_CHECK_MS);
    this.timer.unref();
    log.debug({ channel }, 'listening for revoked sign-ins');
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.checking;
  }

  private heard(message: string): void {
    let digests: string[];
    try {
      digests = revokedDigests.parse(JSON.parse(message));
    } catch {
      return void this.o.log.warn(
        { length: message.length },
        'revocation message ignored: not a list of digests',
      );
    }
    const ended = this.o.views.endCredentials(new Set(digests.map(credentialRef)));
    if (ended) this.o.log.info({ views: ended }, 'views ended: their sign-in was revoked');
  }

  /** One look at the tables for the views open now; concurrent calls share it. */
  check(): Promise<void> {
    this.checking ??= this.lookUp().finally(() => (this.checking = null));
    return this.checking;
  }

  private async lookUp(): Promise<void> {
    const ids = this.o.views.openIds();
    if (!ids.length) return;
    try {
      const backed = await this.o.db
        .selectFrom('live_views as v')
        .innerJoin('sessions as s', (j) =>
          j.onRef('s.token_hash', '=', 'v.session_hash').onRef('s.user_id', '=', 'v.user_id'),
        )
        .innerJoin('users as u', 'u.id', 'v.user_id')
        .select('v.view_id')
        .where('v.view_id', 'in', ids)
        // Sessions end on the real clock (server/src/auth/principal.ts), whatever an office clock says.
        .where('s.expires_at', '>', new Date())
        .where('u.active', '=', true)
        .execute();
      const ok = new Set(backed.map((r) => r.view_id));
      const ended = this.o.views.endViews(ids.filter((id) => !ok.has(id)));
      if (ended) this.o.log.info({ views: ended }, 'views ended: their sign-in is no longer valid');
    } catch (err) {
      // Cannot tell: the views go on, and the next check tries again.
      this.o.log.warn({ err }, 'open views could not be checked against the sessions');
    }
  }
}
