import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';

/**
 * What TPP tests and the TPP bench store before a run, the way the product stores it: an officer with
 * an assignment, a punch that came in a raw device payload, and a finding about the officer whose
 * evidence names that punch. Nothing here is a shortcut the run could tell apart from real data.
 */

export async function attendanceDevice(db: Db, kelurahan: string, name = `tpp-terminal-${kelurahan}`) {
  const row = await db
    .insertInto('devices')
    .values({
      kelurahan_code: kelurahan,
      kind: 'attendance',
      name,
      protocol: 'json',
      serial: null,
      key_hash: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface OfficerSeed {
  nip: string;
  name: string;
  kelurahan: string;
  kelas: number;
  atasan: string | null;
  from?: string;
  to?: string | null;
  unitKind?: 'kelurahan' | 'kecamatan' | 'other';
  unitCode?: string;
  jabatan?: string;
  golongan?: string;
  tppBasic?: number | null;
}

export async function addOfficer(db: Db, o: OfficerSeed, pin = o.nip.slice(-4)): Promise<void> {
  await db
    .insertInto('officers')
    .values({ nip: o.nip, name: o.name, kelurahan_code: o.kelurahan, position: o.jabatan ?? 'Staf', pin })
    .onConflict((oc) => oc.column('nip').doNothing())
    .execute();
  await addAssignment(db, o);
}

export async function addAssignment(db: Db, o: OfficerSeed): Promise<void> {
  await db
    .insertInto('officer_assignments')
    .values({
      nip: o.nip,
      valid_from: o.from ?? '2026-01-01',
      valid_to: o.to ?? null,
      unit_kind: o.unitKind ?? 'kelurahan',
      unit_code: o.unitCode ?? o.kelurahan,
      jabatan: o.jabatan ?? 'Pengadministrasi Umum',
      jenis_jabatan: 'pelaksana',
      kelas_jabatan: o.kelas,
      golongan: o.golongan ?? 'II/c',
      tpp_basic: o.tppBasic ?? null,
      atasan_nip: o.atasan,
      recorded_by: 'test',
    })
    .execute();
}

export interface PunchFinding {
  nip: string;
  kelurahan: string;
  kecamatan: string;
  deviceId: number;
  date: string;
  kind: 'late_arrival' | 'early_departure' | 'missing_checkout' | 'absent_no_notice';
  tier?: string;
  minutes?: number;
  standing?: 'pending' | 'contested' | 'standing' | 'overturned' | 'withdrawn';
  /** The punch's time (ms); default 08:10 WIB of the date. */
  at?: number;
  snapshot?: { camera: string; sha256: string; at: number };
}

/** A raw payload, its punch and the finding whose evidence names the punch. Returns the finding id. */
export async function addPunchFinding(
  db: Db,
  f: PunchFinding,
): Promise<{ id: number; rawSha256: string | null }> {
  const at = f.at ?? Date.parse(`${f.date}T08:10:00+07:00`);
  let events: { kind: 'punch'; id: number; at: number }[] = [];
  let rawSha256: string | null = null;
  if (f.kind === 'late_arrival' || f.kind === 'early_departure') {
    const body = Buffer.from(JSON.stringify({ punches: [{ nip: f.nip, time: new Date(at).toISOString() }] }));
    rawSha256 = createHash('sha256').update(body).digest('hex');
    const raw = await db
      .insertInto('raw_payloads')
      .values({
        received_at: new Date(at + 5_000),
        device_id: f.deviceId,
        channel: 'attendance',
        adms_table: null,
        query: null,
        content_type: 'application/json',
        body,
        item_count: 1,
        valid_count: 1,
        rejects: '[]',
        source_address: '127.0.0.1',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const punch = await db
      .insertInto('attendance_punches')
      .values({
        device_id: f.deviceId,
        kelurahan_code: f.kelurahan,
        person_ref: f.nip,
        nip: f.nip,
        punched_at: new Date(at),
        direction: f.kind === 'late_arrival' ? 'in' : 'out',
        verify: 'fingerprint',
        raw_payload_id: raw.id,
        received_at: new Date(at + 5_000),
        officer_key: `nip:${f.nip}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    events = [{ kind: 'punch', id: punch.id, at }];
  }
  const metrics: Record<string, string | number> = {};
  if (f.tier) metrics.tier = f.tier;
  if (f.minutes !== undefined)
    metrics[f.kind === 'early_departure' ? 'minutesEarly' : 'minutesLate'] = f.minutes;
  if (f.snapshot) {
    metrics.snapshotSha256 = f.snapshot.sha256;
    metrics.snapshotAt = f.snapshot.at;
    metrics.snapshotCamera = f.snapshot.camera;
  }
  const evidence = {
    events,
    metrics,
    signals: [{ name: 'attendance', agrees: true, detail: 'first punch of the day' }],
    ...(f.snapshot ? { snapshot: `/api/v1/cameras/${f.snapshot.camera}/snapshots/${f.snapshot.at}` } : {}),
  };
  const now = new Date(at);
  const row = await db
    .insertInto('findings')
    .values({
      kind: f.kind,
      nature: 'occurrence',
      fingerprint: `${f.kind}:${f.nip}:${f.date}`,
      kelurahan_code: f.kelurahan,
      kecamatan_code: f.kecamatan,
      nip: f.nip,
      date: f.date,
      subject: JSON.stringify({ kelurahan: f.kelurahan, kecamatan: f.kecamatan, nip: f.nip }),
      labels: JSON.stringify({ alertname: f.kind, kelurahan: f.kelurahan, kecamatan: f.kecamatan }),
      from_at: now,
      to_at: null,
      severity: 'warning',
      confidence: 1,
      state: 'resolved',
      standing: f.standing ?? 'standing',
      appeal_ends_at: new Date(at + 3 * 86_400_000),
      evidence: JSON.stringify(evidence),
      digest: JSON.stringify(['warning', 1, at, null, [true], events.length, metrics]),
      opened_at: now,
      updated_at: now,
      resolved_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, rawSha256 };
}

/** Rows of a table in the current schema (tests of what a run stored). */
export async function count(db: Db, table: string, where = sql`true`): Promise<number> {
  const r = await sql<{
    n: number;
  }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(db);
  return r.rows[0]!.n;
}
