import { epochAt, addDays, type DeviceInfo, type LeaveKind, type LiveEvent, type LocalDate, type OfficerInfo } from '@pkk/core';
import type { Db } from '../db/index.ts';

/** Reads what live state is rebuilt from: registry rows and the events of one day. */

export async function loadOfficers(db: Db, kelurahan?: string): Promise<Map<string, OfficerInfo[]>> {
  let q = db.selectFrom('officers').select(['nip', 'name', 'position', 'desk_code', 'kelurahan_code']).where('active', '=', true);
  if (kelurahan) q = q.where('kelurahan_code', '=', kelurahan);
  const out = new Map<string, OfficerInfo[]>();
  for (const r of await q.execute()) {
    const list = out.get(r.kelurahan_code) ?? [];
    list.push({ nip: r.nip, name: r.name, position: r.position, desk: r.desk_code });
    out.set(r.kelurahan_code, list);
  }
  return out;
}

export async function loadLeave(db: Db, date: LocalDate, kelurahan?: string): Promise<Map<string, Map<string, LeaveKind>>> {
  let q = db
    .selectFrom('leave_records')
    .innerJoin('officers', 'officers.nip', 'leave_records.nip')
    .select(['leave_records.nip', 'leave_records.kind', 'officers.kelurahan_code'])
    .where('leave_records.start_date', '<=', date)
    .where('leave_records.end_date', '>=', date);
  if (kelurahan) q = q.where('officers.kelurahan_code', '=', kelurahan);
  const out = new Map<string, Map<string, LeaveKind>>();
  for (const r of await q.execute()) {
    const m = out.get(r.kelurahan_code) ?? new Map<string, LeaveKind>();
    m.set(r.nip, r.kind as LeaveKind);
    out.set(r.kelurahan_code, m);
  }
  return out;
}

export async function loadDevices(db: Db, kelurahan?: string): Promise<Map<string, DeviceInfo[]>> {
  let q = db
    .selectFrom('devices')
    .select(['id', 'kind', 'name', 'protocol', 'last_seen_at', 'kelurahan_code'])
    .where('revoked_at', 'is', null);
  if (kelurahan) q = q.where('kelurahan_code', '=', kelurahan);
  const out = new Map<string, DeviceInfo[]>();
  for (const r of await q.execute()) {
    const list = out.get(r.kelurahan_code) ?? [];
    list.push({ id: r.id, kind: r.kind, name: r.name, protocol: r.protocol, lastSeenAt: r.last_seen_at?.getTime() ?? null });
    out.set(r.kelurahan_code, list);
  }
  return out;
}

/** Every event of a local day up to `until`, per kelurahan, in time order. */
export async function loadDayEvents(db: Db, date: LocalDate, zone: string, until: number, kelurahan?: string): Promise<Map<string, LiveEvent[]>> {
  const from = new Date(epochAt(date, '00:00', zone));
  const to = new Date(Math.min(epochAt(addDays(date, 1), '00:00', zone), until + 1));
  const out = new Map<string, LiveEvent[]>();
  const push = (k: string, e: LiveEvent) => {
    const list = out.get(k) ?? [];
    list.push(e);
    out.set(k, list);
  };
  let punches = db
    .selectFrom('attendance_punches')
    .select(['kelurahan_code', 'nip', 'punched_at'])
    .where('punched_at', '>=', from)
    .where('punched_at', '<', to)
    .where('nip', 'is not', null);
  if (kelurahan) punches = punches.where('kelurahan_code', '=', kelurahan);
  for (const r of await punches.execute()) push(r.kelurahan_code, { kind: 'punch', nip: r.nip!, at: r.punched_at.getTime() });

  let queue = db
    .selectFrom('queue_events')
    .select(['kelurahan_code', 'type', 'ticket_id', 'service_code', 'desk_code', 'staff_nip', 'detail', 'occurred_at'])
    .where('occurred_at', '>=', from)
    .where('occurred_at', '<', to);
  if (kelurahan) queue = queue.where('kelurahan_code', '=', kelurahan);
  for (const r of await queue.execute()) {
    const toService = (r.detail as { toService?: string } | null)?.toService;
    push(r.kelurahan_code, {
      kind: 'queue',
      type: r.type as Extract<LiveEvent, { kind: 'queue' }>['type'],
      at: r.occurred_at.getTime(),
      ...(r.ticket_id ? { ticketId: r.ticket_id } : {}),
      ...(r.service_code ? { service: r.service_code } : {}),
      ...(r.desk_code ? { desk: r.desk_code } : {}),
      ...(toService ? { toService } : {}),
      ...(r.staff_nip ? { staffNip: r.staff_nip } : {}),
    });
  }

  let presence = db
    .selectFrom('presence_observations')
    .select(['kelurahan_code', 'desk_code', 'present', 'observed_at'])
    .where('observed_at', '>=', from)
    .where('observed_at', '<', to);
  if (kelurahan) presence = presence.where('kelurahan_code', '=', kelurahan);
  for (const r of await presence.execute()) push(r.kelurahan_code, { kind: 'presence', desk: r.desk_code, present: r.present, at: r.observed_at.getTime() });

  for (const list of out.values()) list.sort((a, b) => a.at - b.at);
  return out;
}
