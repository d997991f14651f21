import type { Db } from '@pkk/platform/db/index';
import type { Logger } from '@pkk/platform/infra/logger';
import { digest } from '@pkk/platform/auth/secrets';
import { Networks } from './networks.ts';
import { ContactLog } from './adms/contacts.ts';
import { LastSeen } from './last-seen.ts';

export interface DeviceRow {
  id: number;
  kelurahanCode: string;
  kind: 'attendance' | 'queue' | 'presence';
  name: string;
  protocol: 'json' | 'adms';
  serial: string | null;
  tzOffsetMinutes: number;
  revoked: boolean;
  /** Where the device may report from (empty: anywhere). */
  networks: Networks;
  /** Digest of the pinned `pushcommkey` (ADMS), null while none is pinned. */
  pushCommKeyHash: Buffer | null;
  /**
   * Whether what it sends is stored: an ADMS terminal only once an operator confirmed its first
   * contact (adms/terminal-auth.ts); a JSON device always (its key, shown once, is the proof).
   */
  confirmed: boolean;
}

export interface Officers {
  /** The NIP enrolled under each terminal PIN. */
  byPin: Map<string, string>;
  /** The PIN each NIP is enrolled under. */
  pinOf: Map<string, string>;
  nips: Set<string>;
}

interface Snapshot {
  bySerial: Map<string, DeviceRow>;
  byKey: Map<string, DeviceRow>;
  until: number;
}

export interface DirectoryOptions {
  /** How long a read of the devices table answers look-ups (real ms). */
  ttlMs?: number;
  /** How often at most a device's last-seen time is written (real ms); the last one always is. */
  touchIntervalMs?: number;
  log?: Logger;
}

/**
 * Device and officer look-ups on the ingest path. The devices table is read whole into memory, at
 * most once per TTL (and again at once after a change through this node, or one another node
 * announces on the registry channel, see live/hub.ts), and every look-up is answered from that
 * copy. So what a look-up costs does not depend on what it asks: a flood of made-up serials or keys
 * adds no entry and no query (the table is a city's few hundred devices, not the attacker's list),
 * and a busy terminal costs nothing per request either.
 */
export class Directory {
  private snapshot: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;
  /** Bumped by invalidate(): a read begun before a change must not be kept as current. */
  private generation = 0;
  private officers = new Map<string, { value: Officers; until: number }>();
  /** Devices table reads so far (for tests and the record). */
  reads = 0;
  readonly lastSeen: LastSeen;
  readonly contacts: ContactLog;
  private readonly ttlMs: number;

  constructor(
    private readonly db: Db,
    opts: DirectoryOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 5_000;
    this.lastSeen = new LastSeen(db, opts.touchIntervalMs ?? 10_000, opts.log);
    this.contacts = new ContactLog(db, opts.log);
  }

  invalidate(): void {
    this.generation++;
    this.snapshot = null;
    this.officers.clear();
  }

  /** How many entries the look-up caches hold: bounded by the devices and offices, whatever is asked. */
  size(): { devices: number; officers: number } {
    return { devices: this.snapshot?.bySerial.size ?? 0, officers: this.officers.size };
  }

  private async current(): Promise<Snapshot> {
    const s = this.snapshot;
    if (s && s.until > Date.now()) return s;
    // One read at a time: look-ups arriving meanwhile wait for it rather than start their own.
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<Snapshot> {
    const generation = this.generation;
    this.reads++;
    const rows = await this.db
      .selectFrom('devices')
      .select([
        'id',
        'kelurahan_code',
        'kind',
        'name',
        'protocol',
        'serial',
        'key_hash',
        'tz_offset_minutes',
        'revoked_at',
        'allowed_networks',
        'push_comm_key_hash',
        'confirmed_at',
      ])
      .execute();
    const s: Snapshot = { bySerial: new Map(), byKey: new Map(), until: Date.now() + this.ttlMs };
    for (const r of rows) {
      const d: DeviceRow = {
        id: r.id,
        kelurahanCode: r.kelurahan_code,
        kind: r.kind,
        name: r.name,
        protocol: r.protocol,
        serial: r.serial,
        tzOffsetMinutes: r.tz_offset_minutes,
        revoked: r.revoked_at !== null,
        networks: new Networks(r.allowed_networks),
        pushCommKeyHash: r.push_comm_key_hash,
        confirmed: r.protocol === 'json' || r.confirmed_at !== null,
      };
      if (r.serial) s.bySerial.set(r.serial, d);
      if (r.key_hash) s.byKey.set(r.key_hash.toString('hex'), d);
    }
    // A change made while this read ran may be missing from it: answer with it once, keep none.
    if (generation === this.generation) this.snapshot = s;
    return s;
  }

  async deviceByKey(key: string): Promise<DeviceRow | null> {
    return (await this.current()).byKey.get(digest(key).toString('hex')) ?? null;
  }

  async deviceBySerial(serial: string): Promise<DeviceRow | null> {
    return (await this.current()).bySerial.get(serial) ?? null;
  }

  /** PIN → NIP, NIP → PIN and the set of NIPs of one office's officers (asked only for known devices). */
  async officersOf(kelurahanCode: string): Promise<Officers> {
    const hit = this.officers.get(kelurahanCode);
    if (hit && hit.until > Date.now()) return hit.value;
    const rows = await this.db
      .selectFrom('officers')
      .select(['nip', 'pin'])
      .where('kelurahan_code', '=', kelurahanCode)
      .execute();
    const value = {
      byPin: new Map(rows.map((r) => [r.pin, r.nip])),
      pinOf: new Map(rows.map((r) => [r.nip, r.pin])),
      nips: new Set(rows.map((r) => r.nip)),
    };
    this.officers.set(kelurahanCode, { value, until: Date.now() + this.ttlMs });
    return value;
  }

  /** Records that a device reported (`at` on the domain clock) and from where (see LastSeen). */
  touch(deviceId: number, at: Date, address: string | null = null): Promise<void> {
    return this.lastSeen.touch(deviceId, at, address);
  }

  /** Writes what is held back (last-seen times, contacts), e.g. before the process stops. */
  async flush(): Promise<void> {
    await Promise.all([this.lastSeen.flush(), this.contacts.flush()]);
  }

  /**
   * Pins the first `pushcommkey` a confirmed terminal sends when none is pinned (a terminal confirmed
   * without one, whose firmware later sends one), once: on any node, the first writer wins. Returns
   * the digest now pinned (this one, or the one another request pinned first).
   */
  async pinPushCommKey(device: DeviceRow, key: string, at: Date): Promise<Buffer> {
    const d = digest(key);
    const res = await this.db
      .updateTable('devices')
      .set({ push_comm_key_hash: d, push_comm_key_pinned_at: at })
      .where('id', '=', device.id)
      .where('push_comm_key_hash', 'is', null)
      .returning('push_comm_key_hash')
      .executeTakeFirst();
    this.invalidate();
    if (res?.push_comm_key_hash) return res.push_comm_key_hash;
    const now = await this.db
      .selectFrom('devices')
      .select('push_comm_key_hash')
      .where('id', '=', device.id)
      .executeTakeFirst();
    return now?.push_comm_key_hash ?? d;
  }
}
