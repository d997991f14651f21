import { actorOf, audit, type AuditTrx } from '@pkk/platform/audit/log';
import type { Principal } from '@pkk/core';
import type { Device, DeviceContact } from '@pkk/core';
import type { Db } from '@pkk/platform/db/index';

/** The devices columns the API shows (never a key or its digest). */
export const DEVICE_COLUMNS = [
  'id',
  'kelurahan_code',
  'kind',
  'name',
  'protocol',
  'serial',
  'tz_offset_minutes',
  'revoked_at',
  'last_seen_at',
  'allowed_networks',
  'last_source_address',
  'push_comm_key_pinned_at',
  'confirmed_at',
  'confirmed_by',
  'confirmed_address',
] as const;

export type DeviceDbRow = {
  id: number;
  kelurahan_code: string;
  kind: Device['kind'];
  name: string;
  protocol: Device['protocol'];
  serial: string | null;
  tz_offset_minutes: number;
  revoked_at: Date | null;
  last_seen_at: Date | null;
  allowed_networks: string[];
  last_source_address: string | null;
  push_comm_key_pinned_at: Date | null;
  confirmed_at: Date | null;
  confirmed_by: string | null;
  confirmed_address: string | null;
};

export function awaitsConfirmation(r: Pick<DeviceDbRow, 'protocol' | 'confirmed_at'>): boolean {
  return r.protocol === 'adms' && r.confirmed_at === null;
}

export function toDevice(r: DeviceDbRow, contacts: DeviceContact[] = []): Device {
  return {
    id: r.id,
    kelurahanCode: r.kelurahan_code,
    kind: r.kind,
    name: r.name,
    protocol: r.protocol,
    serial: r.serial,
    tzOffsetMinutes: r.tz_offset_minutes,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    lastSeenAt: r.last_seen_at?.toISOString() ?? null,
    allowedNetworks: r.allowed_networks,
    lastSourceAddress: r.last_source_address,
    pushCommKeyPinnedAt: r.push_comm_key_pinned_at?.toISOString() ?? null,
    awaitingConfirmation: awaitsConfirmation(r),
    confirmedAt: r.confirmed_at?.toISOString() ?? null,
    confirmedBy: r.confirmed_by,
    confirmedAddress: r.confirmed_address,
    contacts: awaitsConfirmation(r) ? contacts : [],
  };
}

/** The contacts of the given terminals that await confirmation, most recent first. */
export async function contactsOf(db: Db, rows: DeviceDbRow[]): Promise<Map<number, DeviceContact[]>> {
  const ids = rows.filter(awaitsConfirmation).map((r) => r.id);
  const out = new Map<number, DeviceContact[]>();
  if (!ids.length) return out;
  const contacts = await db
    .selectFrom('device_contacts')
    .selectAll()
    .where('device_id', 'in', ids)
    .orderBy('last_seen_at', 'desc')
    .orderBy('source_address')
    .execute();
  for (const c of contacts) {
    const list = out.get(c.device_id) ?? [];
    list.push({
      sourceAddress: c.source_address,
      pushCommKeyDigest: c.push_comm_key_hash?.toString('hex') ?? null,
      firstSeenAt: c.first_seen_at.toISOString(),
      lastSeenAt: c.last_seen_at.toISOString(),
      attempts: c.attempts,
    });
    out.set(c.device_id, list);
  }
  return out;
}

/** Rows as the API shows them, each unconfirmed terminal with its contacts. */
export async function devicesWithContacts(db: Db, rows: DeviceDbRow[]): Promise<Device[]> {
  const contacts = await contactsOf(db, rows);
  return rows.map((r) => toDevice(r, contacts.get(r.id)));
}

/** The audit row of a device change, in the change's transaction (enrolment, keys, confirmation, revocation). */
export async function auditDevice(
  trx: AuditTrx,
  at: number,
  p: Principal,
  action: string,
  row: { id: number; kelurahan_code: string; name: string; kind: string; protocol: string },
  payload: Record<string, unknown> = {},
): Promise<void> {
  await audit(trx, {
    at,
    actor: actorOf(p),
    action: `device.${action}`,
    subject: `device:${row.id}`,
    refs: [`kelurahan:${row.kelurahan_code}`],
    payload: { name: row.name, kind: row.kind, protocol: row.protocol, ...payload },
  });
}
