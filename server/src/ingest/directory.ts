import type { Db } from '@pkk/platform/db/index';
import { digest } from '@pkk/platform/auth/secrets';
import { Networks } from './networks.ts';

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
}

export interface Officers {
  /** The NIP enrolled under each terminal PIN. */
  byPin: Map<string, string>;
  /** The PIN each NIP is enrolled under. */
  pinOf: Map<string, string>;
  nips: Set<string>;
}

interface Cached<T> {
  value: T;
  until: number;
}

/**
 * Device and officer look-ups on the ingest path, cached briefly so that a busy terminal costs one
 * query per few seconds, not one per request. Changes made through this node invalidate at once;
 * other nodes hear of them on the registry channel (see live/hub.ts), or within the TTL at worst.
 */
export class Directory {
  private byKey = new Map<string, Cached<DeviceRow | null>>();
  private bySerial = new Map<string, Cached<DeviceRow | null>>();
  private officers = new Map<string, Cached<Officers>>();
  private lastTouched = new Map<number, { at: number; address: string | null }>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 5_000,
  ) {}

  invalidate(): void {
    this.byKey.clear();
    this.bySerial.clear();
    this.officers.clear();
  }

  private async cached<K, T>(map: Map<K, Cached<T>>, key: K, load: () => Promise<T>): Promise<T> {
    const hit = map.get(key);
    const now = Date.now();
    if (hit && hit.until > now) return hit.value;
    const value = await load();
    map.set(key, { value, until: now + this.ttlMs });
    return value;
  }

  private select() {
    return this.db
      .selectFrom('devices')
      .select([
        'id',
        'kelurahan_code',
        'kind',
        'name',
        'protocol',
        'serial',
        'tz_offset_minutes',
        'revoked_at',
        'allowed_networks',
        'push_comm_key_hash',
      ]);
  }

  private static row(r: {
    id: number;
    kelurahan_code: string;
    kind: DeviceRow['kind'];
    name: string;
    protocol: DeviceRow['protocol'];
    serial: string | null;
    tz_offset_minutes: number;
    revoked_at: Date | null;
    allowed_networks: string[];
    push_comm_key_hash: Buffer | null;
  }): DeviceRow {
    return {
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
    };
  }

  deviceByKey(key: string): Promise<DeviceRow | null> {
    const d = digest(key);
    return this.cached(this.byKey, d.toString('hex'), async () => {
      const r = await this.select().where('key_hash', '=', d).executeTakeFirst();
      return r ? Directory.row(r) : null;
    });
  }

  deviceBySerial(serial: string): Promise<DeviceRow | null> {
    return this.cached(this.bySerial, serial, async () => {
      const r = await this.select().where('serial', '=', serial).executeTakeFirst();
      return r ? Directory.row(r) : null;
    });
  }

  /** PIN → NIP, NIP → PIN and the set of NIPs of one office's officers. */
  officersOf(kelurahanCode: string): Promise<Officers> {
    return this.cached(this.officers, kelurahanCode, async () => {
      const rows = await this.db
        .selectFrom('officers')
        .select(['nip', 'pin'])
        .where('kelurahan_code', '=', kelurahanCode)
        .execute();
      return {
        byPin: new Map(rows.map((r) => [r.pin, r.nip])),
        pinOf: new Map(rows.map((r) => [r.nip, r.pin])),
        nips: new Set(rows.map((r) => r.nip)),
      };
    });
  }

  /**
   * Records that a device reported (`at` on the domain clock) and from where, at most every 10 real
   * seconds per device unless the address changed: a write per request would contend, and a
   * simulated clock must not multiply the writes.
   */
  async touch(deviceId: number, at: Date, address: string | null = null): Promise<void> {
    const now = Date.now();
    const last = this.lastTouched.get(deviceId);
    if (last && now - last.at < 10_000 && last.address === address) return;
    this.lastTouched.set(deviceId, { at: now, address });
    await this.db
      .updateTable('devices')
      .set({ last_seen_at: at, ...(address === null ? {} : { last_source_address: address }) })
      .where('id', '=', deviceId)
      .execute();
  }

  /**
   * Pins the first `pushcommkey` a terminal sends, once: on any node, the first writer wins. Returns
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
    if (device.serial) this.bySerial.delete(device.serial);
    if (res?.push_comm_key_hash) return res.push_comm_key_hash;
    const now = await this.db
      .selectFrom('devices')
      .select('push_comm_key_hash')
      .where('id', '=', device.id)
      .executeTakeFirst();
    return now?.push_comm_key_hash ?? d;
  }
}
