import { punchEvent, type Announcement, type LiveEvent } from '@pkk/core';
import type { Redis } from 'ioredis';
import type { Logger } from '@pkk/platform/infra/logger';
import { publishMessage } from '@pkk/platform/infra/bus';
import type { Faults } from '@pkk/platform/infra/faults';
import type { PresenceRow, PunchRow, QueueRow } from './rows.ts';

export type { Announcement };

export function punchEvents(rows: PunchRow[]): LiveEvent[] {
  return rows
    .filter((r) => r.nip !== null)
    .map((r) => punchEvent(r.nip!, r.at, r.skewSeconds, undefined, r.direction));
}

export function queueEvents(rows: QueueRow[]): LiveEvent[] {
  return rows.map((r) => ({
    kind: 'queue',
    type: r.type as Extract<LiveEvent, { kind: 'queue' }>['type'],
    at: r.at,
    ...(r.ticketId ? { ticketId: r.ticketId } : {}),
    ...(r.service ? { service: r.service } : {}),
    ...(r.desk ? { desk: r.desk } : {}),
    ...(r.toService ? { toService: r.toService } : {}),
    ...(r.staffNip ? { staffNip: r.staffNip } : {}),
  }));
}

export function presenceEvents(rows: PresenceRow[]): LiveEvent[] {
  return rows.map((r) => ({ kind: 'presence', desk: r.desk, present: r.present, at: r.at }));
}

/**
 * Announces committed events on Redis. The data is already in PostgreSQL, so a Redis failure is
 * logged, not returned to the device: live state catches up from the database when Redis is back.
 */
export class Announcer {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
    private readonly faults: Faults,
  ) {}

  /** One message per delivery: what it added (numbered `seq`), and what needs no number (`seen`). */
  async announce(
    kelurahan: string,
    seen: LiveEvent[],
    added: LiveEvent[],
    seq: number | null,
  ): Promise<void> {
    if (!seen.length && !added.length) return;
    const msg: Announcement = {
      k: kelurahan,
      e: added,
      c: Date.now(),
      ...(seen.length ? { d: seen } : {}),
      ...(seq !== null && added.length ? { s: seq } : {}),
    };
    try {
      if (msg.s !== undefined) this.faults.check('announce'); // a test losing the news of committed data
      await publishMessage(this.redis, this.prefix, 'live:events', msg);
    } catch (err) {
      this.log.warn({ err, kelurahan }, 'could not announce committed events; live state will catch up');
    }
  }
}
