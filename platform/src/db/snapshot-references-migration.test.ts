import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDb, type Db } from './index.ts';
import { MIGRATIONS } from './migrate.ts';
import * as snapshotReferences from './migrations/2026-12-06-0202-snapshot-references.ts';
import type {} from '../testing/global-setup.ts';

/**
 * The snapshot-references migration over findings stored before it: a desk finding whose evidence
 * names a stored snapshot gets its reference (so the purge keeps the picture); evidence naming a
 * picture already gone, or something that is not a picture, gets none and does not stop the migration.
 */
let db: Db;
const schema = `m_${randomBytes(4).toString('hex')}`;
const CAM = '11111111-1111-4111-8111-111111111111';
const AT = Date.parse('2026-12-01T02:03:04.567Z');

beforeAll(async () => {
  const admin = createDb({ url: inject('databaseUrl'), poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.db.destroy();
  db = createDb({ url: inject('databaseUrl'), poolSize: 1, schema }).db;
  const raw = db as unknown as Kysely<unknown>;
  for (const [name, m] of Object.entries(MIGRATIONS)) {
    if (name === '2026-12-06-0202-snapshot-references') break;
    await m.up(raw);
  }
  const evidence = (metrics: object) => JSON.stringify({ events: [], signals: [], metrics });
  await sql`
    insert into kecamatan (code, name, name_legacy) values ('16.71.01', 'K', 'K');
    insert into kelurahan (code, kecamatan_code, name, name_legacy) values ('16.71.01.1001', '16.71.01', 'L', 'L');
  `.execute(db);
  await sql`
    insert into cameras (id, kelurahan_code, name, placement, pull_mode, rtsp_main, created_at, updated_at)
      values (${CAM}, '16.71.01.1001', 'Loket', 'desks', 'always', '\\x00', now(), now())`.execute(db);
  await sql`
    insert into camera_snapshots (camera_id, taken_at, sha256, path, bytes) values
      (${CAM}, ${new Date(AT)}, '\\x01', 'a.jpg', 1), (${CAM}, ${new Date(AT + 60_000)}, '\\x02', 'b.jpg', 1)`.execute(
    db,
  );
  const finding = (fingerprint: string, metrics: object) => sql`
    insert into findings (kind, nature, fingerprint, kelurahan_code, kecamatan_code, date, subject, labels,
      from_at, severity, confidence, state, evidence, digest, opened_at, updated_at)
    values ('desk_unattended', 'condition', ${fingerprint}, '16.71.01.1001', '16.71.01', '2026-12-01', '{}', '{}',
      now(), 'warning', 1, 'resolved', ${evidence(metrics)}::jsonb, '', now(), now())`;
  await finding('kept', { snapshotCamera: CAM, snapshotAt: AT, snapshotSha256: '01' }).execute(db);
  await finding('gone', { snapshotCamera: CAM, snapshotAt: AT - 1 }).execute(db);
  await finding('odd', { snapshotCamera: 'not-a-camera', snapshotAt: 'yesterday' }).execute(db);
  await finding('none', { waitedMinutes: 40 }).execute(db);
  await snapshotReferences.up(raw);
});
afterAll(async () => {
  await db?.destroy();
});

describe('2026-12-06-0202-snapshot-references', () => {
  it("references the pictures stored findings' evidence names, and only those", async () => {
    const refs = await db
      .selectFrom('snapshot_references as r')
      .innerJoin('findings as f', 'f.id', 'r.finding_id')
      .select(['f.fingerprint', 'r.camera_id', 'r.taken_at'])
      .execute();
    expect(refs.map((r) => [r.fingerprint, r.camera_id, r.taken_at.getTime()])).toEqual([['kept', CAM, AT]]);
  });
});
