import {
  epochAt,
  addDays,
  type CameraFacts,
  type DeviceInfo,
  type LeaveKind,
  type LiveEvent,
  type LocalDate,
  type OfficerInfo,
} from '@pkk/core';
import type { Db } from '../db/index.ts';
import { readEvents } from '../events/read.ts';

/** Reads what an office's day is built from (live state, detection): registry rows and the events of one day. */

export async function loadOfficers(db: Db, kelurahan?: string): Promise<Map<string, OfficerInfo[]>> {
  let q = db
    .selectFrom('officers')
    .select(['nip', 'name', 'position', 'desk_code', 'kelurahan_code'])
    .where('active', '=', true);
  if (kelurahan) q = q.where('kelurahan_code', '=', kelurahan);
  const out = new Map<string, OfficerInfo[]>();
  for (const r of await q.execute()) {
    const list = out.get(r.kelurahan_code) ?? [];
    list.push({ nip: r.nip, name: r.name, position: r.position, desk: r.desk_code });
    out.set(r.kelurahan_code, list);
  }
  return out;
}

export async function loadLeave(
  db: Db,
  date: LocalDate,
  kelurahan?: string,
): Promise<Map<string, Map<string, LeaveKind>>> {
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
    list.push({
      id: r.id,
      kind: r.kind,
      name: r.name,
      protocol: r.protocol,
      lastSeenAt: r.last_seen_at?.getTime() ?? null,
    });
    out.set(r.kelurahan_code, list);
  }
  return out;
}

/** The office's cameras with what their media node last wrote of each (camera_status), state null before it wrote. */
export async function loadCameras(db: Db, kelurahan: string): Promise<CameraFacts[]> {
  const rows = await db
    .selectFrom('cameras as c')
    .leftJoin('camera_status as s', 's.camera_id', 'c.id')
    .select([
      'c.id',
      'c.name',
      'c.enabled',
      'c.pull_mode',
      'c.zones',
      's.state',
      's.since',
      's.last_frame_at',
      's.last_error',
      's.reconnects',
      's.node',
    ])
    .where('c.kelurahan_code', '=', kelurahan)
    .orderBy('c.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    pullMode: r.pull_mode,
    state: r.state,
    since: r.since?.getTime() ?? null,
    lastFrameAt: r.last_frame_at?.getTime() ?? null,
    lastError: r.last_error,
    reconnects: r.reconnects ?? 0,
    node: r.node,
    desks: [...new Set(((r.zones ?? []) as { desk: string }[]).map((z) => z.desk))],
  }));
}

/** Every event of a local day up to `until`, per kelurahan, in time order. */
export async function loadDayEvents(
  db: Db,
  date: LocalDate,
  zone: string,
  until: number,
  kelurahan?: string,
): Promise<Map<string, LiveEvent[]>> {
  const from = new Date(epochAt(date, '00:00', zone));
  const to = new Date(Math.min(epochAt(addDays(date, 1), '00:00', zone), until + 1));
  return readEvents(db, { from, to, kelurahan });
}

/** Each office's sequence number: how many numbered deliveries its live state must have applied. */
export async function loadSequences(db: Db, kelurahan?: string): Promise<Map<string, number>> {
  let q = db.selectFrom('office_sequence').select(['kelurahan_code', 'seq']);
  if (kelurahan) q = q.where('kelurahan_code', '=', kelurahan);
  return new Map((await q.execute()).map((r) => [r.kelurahan_code, Number(r.seq)]));
}
