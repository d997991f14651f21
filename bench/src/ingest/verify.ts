/**
 * Nothing lost: every event the JSON replies accepted is a row, every JSON POST and every ADMS upload
 * a raw payload. The baseline's rows (device id 0) are left out.
 */
import type pg from 'pg';
import type { Tally } from './throughput.ts';

export async function verify(db: pg.Pool, tally: Tally, admsUploads: number) {
  const count = async (table: string, protocol: 'json' | 'adms') =>
    Number(
      (
        await db.query<{ n: string }>(
          `select count(*) as n from ${table} where device_id in (select id from devices where protocol = $1)`,
          [protocol],
        )
      ).rows[0]!.n,
    );
  const rows = (await count('attendance_punches', 'json')) + (await count('queue_events', 'json'));
  const rawPayloads = await count('raw_payloads', 'json');
  const admsRawPayloads = await count('raw_payloads', 'adms');
  return {
    acceptedSum: tally.accepted,
    rows,
    rawPayloads,
    posts: tally.posts,
    admsRawPayloads,
    admsUploads,
    ok: rows === tally.accepted && rawPayloads === tally.posts && admsRawPayloads === admsUploads,
    problems: tally.problems.slice(0, 10),
    problemCount: tally.problems.length,
  };
}
