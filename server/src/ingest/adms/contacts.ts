import { sql } from 'kysely';
import type { Db } from '@pkk/platform/db/index';
import type { Logger } from '@pkk/platform/infra/logger';

/** Contacts kept per terminal (the most recently seen source addresses); older ones are dropped. */
export const MAX_CONTACTS_PER_DEVICE = 16;
/** Contacts whose writes are held back at once, all terminals together; more are not recorded. */
const MAX_PENDING = 1_000;

interface Pending {
  deviceId: number;
  address: string;
  keyHash: Buffer | null;
  /** The key the last write carried: another one is a new contact, written at once. */
  writtenKey: Buffer | null;
  firstAt: Date;
  lastAt: Date;
  /** Requests not yet written. */
  attempts: number;
  timer: NodeJS.Timeout | null;
  inflight: Promise<void> | null;
}

/**
 * What a terminal awaiting confirmation showed (adms/terminal-auth.ts), per terminal and source
 * address in `device_contacts`: the digest of the pushcommkey it last sent from there, first and last
 * seen, and how many requests it made. The operator confirms one of these, exactly as listed.
 *
 * A new contact (an address, or another key from it) is written before its request is answered, so
 * that what the operator is shown, and confirms, is never behind what was sent. Repeats only add to
 * the count, so they are written at most once per interval per contact. A stranger who knows the
 * serial can send as many requests as it likes, so what this costs is bounded: at most MAX_PENDING
 * contacts are held at a time, a terminal keeps its MAX_CONTACTS_PER_DEVICE most recent addresses,
 * and a row is written only while the terminal is unconfirmed.
 */
export class ContactLog {
  private pending = new Map<string, Pending>();
  /** Contacts not recorded because too many were held at once. */
  dropped = 0;

  constructor(
    private readonly db: Db,
    private readonly log?: Logger,
    private readonly intervalMs = 1_000,
  ) {}

  /** Records one request; resolves once a new contact is written (at once for a repeat). */
  async record(deviceId: number, address: string, keyHash: Buffer | null, at: Date): Promise<void> {
    const k = `${deviceId}|${address}`;
    let p = this.pending.get(k);
    if (p) {
      p.attempts++;
      if (at > p.lastAt) p.lastAt = at;
      if (!keyHash || (p.writtenKey && keyHash.equals(p.writtenKey))) {
        // A repeat: counted by a later write; one under way (its first) is waited for.
        await p.inflight;
        return;
      }
      p.keyHash = keyHash;
      p.firstAt = at;
      // Another key from this address: written now, after a write under way.
      await p.inflight;
      await (p.attempts > 0 ? this.write(k, p) : p.inflight);
      return;
    }
    if (this.pending.size >= MAX_PENDING) {
      if (this.dropped++ % 1000 === 0)
        this.log?.warn({ deviceId, address }, 'too many ADMS contacts at once; some are not recorded');
      return;
    }
    p = {
      deviceId,
      address,
      keyHash,
      writtenKey: null,
      firstAt: at,
      lastAt: at,
      attempts: 1,
      timer: null,
      inflight: null,
    };
    this.pending.set(k, p);
    await this.write(k, p);
  }

  /** Writes every contact held back. */
  async flush(): Promise<void> {
    await Promise.all(
      [...this.pending].map(async ([k, p]) => {
        await p.inflight;
        if (p.attempts > 0) await this.write(k, p);
      }),
    );
  }

  private write(k: string, p: Pending): Promise<void> {
    if (p.timer) clearTimeout(p.timer);
    p.timer = null;
    const batch = { keyHash: p.keyHash, firstAt: p.firstAt, lastAt: p.lastAt, attempts: p.attempts };
    p.attempts = 0;
    p.writtenKey = p.keyHash;
    p.inflight = this.upsert(p.deviceId, p.address, batch)
      .catch((err: unknown) =>
        this.log?.warn({ err, deviceId: p.deviceId }, 'could not record an ADMS terminal contact'),
      )
      .finally(() => {
        p.inflight = null;
        p.timer = setTimeout(() => {
          if (p.attempts > 0) void this.write(k, p);
          else this.pending.delete(k);
        }, this.intervalMs);
        p.timer.unref();
      });
    return p.inflight;
  }

  private async upsert(
    deviceId: number,
    address: string,
    b: { keyHash: Buffer | null; firstAt: Date; lastAt: Date; attempts: number },
  ): Promise<void> {
    // Another key from the same address is another contact: it starts over, so that a count or a
    // first-seen time never mixes two keys. Key-less requests (polls) add to the key last sent.
    const r = await sql<{ inserted: boolean }>`
      insert into device_contacts as c (device_id, source_address, push_comm_key_hash, first_seen_at, last_seen_at, attempts)
      select ${deviceId}, ${address}, ${b.keyHash}, ${b.firstAt}, ${b.lastAt}, ${b.attempts}
        where exists (select 1 from devices where id = ${deviceId} and confirmed_at is null and revoked_at is null)
      on conflict (device_id, source_address) do update set
        push_comm_key_hash = coalesce(excluded.push_comm_key_hash, c.push_comm_key_hash),
        first_seen_at = case when excluded.push_comm_key_hash is not null
          and excluded.push_comm_key_hash is distinct from c.push_comm_key_hash
          then excluded.first_seen_at else c.first_seen_at end,
        attempts = case when excluded.push_comm_key_hash is not null
          and excluded.push_comm_key_hash is distinct from c.push_comm_key_hash
          then excluded.attempts else c.attempts + excluded.attempts end,
        last_seen_at = greatest(c.last_seen_at, excluded.last_seen_at)
      returning (xmax = 0) as inserted
    `.execute(this.db);
    if (!r.rows[0]?.inserted) return;
    await sql`
      delete from device_contacts where device_id = ${deviceId} and source_address not in (
        select source_address from device_contacts where device_id = ${deviceId}
        order by last_seen_at desc limit ${MAX_CONTACTS_PER_DEVICE})
    `.execute(this.db);
  }
}
