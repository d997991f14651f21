import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf } from '@pkk/core';
import { admsTestWorld, type AdmsTestWorld } from './testing/world.ts';

/** A terminal may flood: what one ATTLOG upload costs in work and storage is bounded (adms.* config). */
const KEL = '16.71.01.1006';

let w: AdmsTestWorld;
let day: string;

const rawsOf = (deviceId: number) => w.rawsOf(deviceId);
const punchCount = (deviceId: number) => w.punchCount(deviceId);

beforeAll(async () => {
  w = await admsTestWorld();
  day = localDateOf(w.t.ctx.clock.now());
});
afterAll(() => w.dispose());

describe('what one upload may cost', () => {
  it('reads at most maxLinesPerRequest lines of junk and keeps at most maxRejectDetails details', async () => {
    const caps = w.t.ctx.policy.thresholds.adms;
    const term = await w.terminal('CAP00001', { kelurahanCode: KEL });
    // Just under the body limit: 2 MB of one-byte junk lines, a million of them.
    const lines = 1_000_000;
    const body = Buffer.from('x\n'.repeat(lines), 'latin1');
    expect(body.length).toBeLessThanOrEqual(w.t.ctx.policy.thresholds.ingest.maxBodyBytes);
    const res = await term.fake.attlog(body);
    expect([res.status, res.text]).toEqual([200, 'OK: 0']);
    const [raw] = await w.t.ctx.db
      .selectFrom('raw_payloads')
      .select([
        'item_count',
        'valid_count',
        'rejects_omitted',
        'lines_unread',
        'body',
        (e) => e.fn<number>('pg_column_size', ['rejects']).as('size'),
      ])
      .where('device_id', '=', term.id)
      .execute();
    expect(raw!.body.equals(body)).toBe(true);
    expect(raw).toMatchObject({
      item_count: lines,
      valid_count: 0,
      lines_unread: lines - caps.maxLinesPerRequest,
      rejects_omitted: caps.maxLinesPerRequest - caps.maxRejectDetails,
    });
    // About 140 bytes a reject: bounded by the cap, not by the body.
    expect(raw!.size).toBeLessThan(caps.maxRejectDetails * 400);
    const rejects = (
      await w.t.ctx.db
        .selectFrom('raw_payloads')
        .select('rejects')
        .where('device_id', '=', term.id)
        .executeTakeFirstOrThrow()
    ).rejects as unknown[];
    expect(rejects).toHaveLength(caps.maxRejectDetails);
  });

  it('still stores the valid lines among the ones it reads, and refuses a body over the limit whole', async () => {
    const term = await w.terminal('CAP00002', { kelurahanCode: KEL });
    const body = Buffer.from(
      `7\t${day} 09:00:00\t0\t1\n${'junk\n'.repeat(5_000)}7\t${day} 09:01:00\t0\t1\n`,
      'latin1',
    );
    expect((await term.fake.attlog(body)).text).toBe('OK: 2');
    const big = await term.fake.attlog(Buffer.alloc(3 * 1024 * 1024, 'x\n'));
    expect(big.status).toBe(413);
    expect(big.text).not.toMatch(/^OK/);
    expect(await rawsOf(term.id)).toHaveLength(1);
    expect(await punchCount(term.id)).toBe(2);
  });
});
