import { sql } from 'kysely';
import type { Db } from '@pkk/platform/db/index';
import type { Logger } from '@pkk/platform/infra/logger';

interface Seen {
  /** The latest report (domain clock) and where it came from. */
  at: Date;
  address: string | null;
  /** Real ms of the last write, and the address it wrote. */
  writtenAt: number;
  writtenAddress: string | null | undefined;
  /** The write still owed for reports held back since. */
  timer: NodeJS.Timeout | null;
}

/**
 * When each device was last heard, written to `devices.last_seen_at` exactly. A write per request
 * would contend (and a simulated clock must not multiply them), so a device's writes are at most one
 * per interval (real time), but a held-back report is never dropped: the write owed at the end of
 * the interval carries the latest time. Detection reads the table, and judges a silence against a
 * threshold (120 s) far longer than the interval, so it always sees the exact time of the last
 * report: a terminal silent 118 s is not offline, and "silent since" names its last report.
 * (Before, the held-back report was dropped, so a terminal could look up to an interval more silent
 * than it was: flagged offline 10 s early, and in a demo running 30 times faster, 5 minutes early.)
 *
 * The column only moves forward (several api nodes write it, each at its own pace). The map holds one
 * entry per device that reported, so it is bounded by the devices table.
 */
export class LastSeen {
  private seen = new Map<number, Seen>();

  constructor(
    private readonly db: Db,
    private readonly intervalMs: number,
    private readonly log?: Logger,
  ) {}

  async touch(deviceId: number, at: Date, address: string | null): Promise<void> {
    let s = this.seen.get(deviceId);
    if (!s) {
      s = { at, address, writtenAt: -Infinity, writtenAddress: undefined, timer: null };
      this.seen.set(deviceId, s);
    } else if (at.getTime() >= s.at.getTime()) {
      s.at = at;
      if (address !== null) s.address = address;
    }
    const now = Date.now();
    const moved = address !== null && address !== s.writtenAddress;
    if (moved || now - s.writtenAt >= this.intervalMs) return this.write(deviceId, s);
    if (!s.timer) {
      s.timer = setTimeout(
        () => {
          this.write(deviceId, s).catch((err: unknown) =>
            this.log?.warn({ err, deviceId }, 'could not record when a device was last seen'),
          );
        },
        s.writtenAt + this.intervalMs - now,
      );
      s.timer.unref();
    }
  }

  /** Writes every report still held back (before the process stops; tests). */
  async flush(): Promise<void> {
    await Promise.all([...this.seen].filter(([, s]) => s.timer).map(([id, s]) => this.write(id, s)));
  }

  private async write(deviceId: number, s: Seen): Promise<void> {
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
    s.writtenAt = Date.now();
    s.writtenAddress = s.address;
    const { at, address } = s;
    await this.db
      .updateTable('devices')
      .set({
        last_seen_at: sql<Date>`greatest(last_seen_at, ${at})`,
        ...(address === null
          ? {}
          : {
              last_source_address: sql<string>`case when last_seen_at is null or last_seen_at <= ${at} then ${address}::text else last_source_address end`,
            }),
      })
      .where('id', '=', deviceId)
      .execute();
  }
}
