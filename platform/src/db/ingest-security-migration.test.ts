import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDb, type Db } from './index.ts';
import * as init from './migrations/2026-11-23-0001-init.ts';
import * as outbox from './migrations/2026-12-01-0001-outbox.ts';
import * as ingestSecurity from './migrations/2026-12-01-0002-ingest-security.ts';
import type {} from '../testing/global-setup.ts';

/**
 * The ingest-security migration over data stored before it: punches of one officer sent once by NIP
 * and once by PIN were stored twice; the new key is unique, so the second is moved aside, not lost.
 */
let db: Db;
const schema = `m_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  const admin = createDb({ url: inject('databaseUrl'), poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.db.destroy();
  db = createDb({ url: inject('databaseUrl'), poolSize: 1, schema }).db;
  const raw = db as unknown as Kysely<unknown>;
  await init.up(raw);
  await outbox.up(raw);
  await sql`
    insert into kecamatan (code, name, name_legacy) values ('16.71.01', 'K', 'K');
    insert into kelurahan (code, kecamatan_code, name, name_legacy) values ('16.71.01.1001', '16.71.01', 'L', 'L');
    insert into devices (id, kelurahan_code, kind, name, protocol, serial) overriding system value
      values (1, '16.71.01.1001', 'attendance', 'gw', 'json', null), (2, '16.71.01.1001', 'attendance', 't', 'adms', 'SN1');
    insert into officers (nip, name, kelurahan_code, position, pin) values ('198001012005011001', 'Siti', '16.71.01.1001', 'P', '7');
    insert into attendance_punches (device_id, kelurahan_code, person_ref, nip, punched_at, direction, verify, raw_payload_id, received_at) values
      (1, '16.71.01.1001', '198001012005011001', '198001012005011001', '2026-11-20T00:30:00Z', 'in', 'fingerprint', 1, now()),
      (1, '16.71.01.1001', '7', '198001012005011001', '2026-11-20T00:30:00Z', 'in', 'fingerprint', 2, now()),
      (1, '16.71.01.1001', '199001012015011002', null, '2026-11-20T00:31:00Z', 'in', 'fingerprint', 3, now()),
      (2, '16.71.01.1001', '7', '198001012005011001', '2026-11-20T00:30:00Z', 'in', 'fingerprint', 4, now()),
      (2, '16.71.01.1001', '404', null, '2026-11-20T00:32:00Z', 'in', 'fingerprint', 5, now());
    insert into device_commands (device_id, command, status, sent_at) values (2, 'INFO', 'sent', now()), (2, 'CHECK', 'pending', null);
  `.execute(db);
  await ingestSecurity.up(raw);
});
afterAll(async () => {
  await db?.destroy();
});

describe('2026-12-01-0002-ingest-security', () => {
  it('keys stored punches by officer and moves the second spelling of one punch aside', async () => {
    const kept = await db
      .selectFrom('attendance_punches')
      .select(['device_id', 'person_ref', 'officer_key', 'raw_payload_id'])
      .orderBy('raw_payload_id')
      .execute();
    expect(kept).toEqual([
      { device_id: 1, person_ref: '198001012005011001', officer_key: 'pin:7', raw_payload_id: 1 },
      {
        device_id: 1,
        person_ref: '199001012015011002',
        officer_key: 'nip:199001012015011002',
        raw_payload_id: 3,
      },
      { device_id: 2, person_ref: '7', officer_key: 'pin:7', raw_payload_id: 4 },
      { device_id: 2, person_ref: '404', officer_key: 'pin:404', raw_payload_id: 5 },
    ]);
    const moved = await sql<{
      person_ref: string;
      raw_payload_id: number;
    }>`select person_ref, raw_payload_id from attendance_punches_respelled`.execute(db);
    expect(moved.rows).toEqual([{ person_ref: '7', raw_payload_id: 2 }]);
  });

  it('makes the officer key the unique key, and counts a command already sent as one attempt', async () => {
    await expect(
      sql`insert into attendance_punches (device_id, kelurahan_code, person_ref, nip, officer_key, punched_at, direction, verify, raw_payload_id, received_at)
          values (1, '16.71.01.1001', '7', '198001012005011001', 'pin:7', '2026-11-20T00:30:00Z', 'out', 'card', 9, now())`.execute(
        db,
      ),
    ).rejects.toThrow(/duplicate key/);
    // The spelling is no longer the key: the same spelling under another officer key is another punch.
    await sql`insert into attendance_punches (device_id, kelurahan_code, person_ref, nip, officer_key, punched_at, direction, verify, raw_payload_id, received_at)
              values (2, '16.71.01.1001', '7', null, 'pin:other', '2026-11-20T00:30:00Z', 'in', 'card', 9, now())`.execute(
      db,
    );
    const commands = await db
      .selectFrom('device_commands')
      .select(['command', 'attempts'])
      .orderBy('id')
      .execute();
    expect(commands).toEqual([
      { command: 'INFO', attempts: 1 },
      { command: 'CHECK', attempts: 0 },
    ]);
  });
});
