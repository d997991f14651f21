import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_GENESIS, auditHash, auditMaterial } from '@pkk/core';
import type pg from 'pg';
import { testContext, TEST_DAY_START } from '../testing/context.ts';
import { audit } from './log.ts';
import { anchorClosedMonths, listAnchors, verifyAuditChain } from './verify.ts';

type Ctx = Awaited<ReturnType<typeof testContext>>;
let ctx: Ctx;

const NOV = TEST_DAY_START; // 23 November 2026, 10:00 WIB
const DEC = Date.parse('2026-12-02T09:00:00+07:00');

beforeAll(async () => {
  ctx = await testContext();
  // 12 rows in November, 8 in December, each in a transaction of its own, as changes write them.
  for (let i = 0; i < 20; i++) {
    await ctx.db.transaction().execute((trx) =>
      audit(trx, {
        at: (i < 12 ? NOV : DEC) + i * 1000,
        actor: `user:${1 + (i % 3)}`,
        action: i % 2 ? 'finding.stood' : 'silence.created',
        subject: `finding:${100 + i}`,
        refs: [`officer:19870101201001100${i % 2}`],
        payload: { i, zeta: 'last', alpha: 'first', text: 'Loket 2 — kosong' },
      }),
    );
  }
  await anchorClosedMonths(ctx.db, Date.parse('2026-12-10T00:00:00+07:00'));
});
afterAll(async () => ctx?.dispose());

/** Runs `tamper` as an attacker with the triggers off, verifies on that connection, and undoes it. */
async function tampered(tamper: string, anchors: Parameters<typeof verifyAuditChain>[1] = {}) {
  const client: pg.PoolClient = await ctx.pool.connect();
  try {
    await client.query('begin');
    await client.query('set local session_replication_role = replica');
    await client.query(tamper);
    return await verifyAuditChain(client, anchors);
  } finally {
    await client.query('rollback');
    client.release();
  }
}

describe('audit chain', () => {
  it('links every row to the one before, hashing the canonical payload, and verifies intact', async () => {
    const rows = await ctx.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(rows[0]!.prev_hash).toBe(AUDIT_GENESIS);
    expect(rows[0]!.payload).toBe('{"alpha":"first","i":0,"text":"Loket 2 — kosong","zeta":"last"}');
    // Anyone can recompute a row's hash with core's pure SHA-256.
    const r = rows[5]!;
    const material = auditMaterial({ ...r, at: r.at.toISOString() });
    expect(auditHash(r.prev_hash, material)).toBe(r.hash);
    const v = await verifyAuditChain(ctx.pool);
    expect(v.problems).toEqual([]);
    expect(v).toMatchObject({ ok: true, rows: 20, last: { seq: 20 } });
  });

  it('anchors each closed month at its last row, once', async () => {
    const anchors = await listAnchors(ctx.db);
    expect(anchors.map((a) => [a.month, a.seq])).toEqual([['2026-11', 12]]);
    expect(await anchorClosedMonths(ctx.db, Date.parse('2026-12-10T00:00:00+07:00'))).toEqual([]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the log, its head and its anchors, for the owner too', async () => {
    for (const stmt of [
      `update audit_log set payload = '{}' where seq = 3`,
      'delete from audit_log where seq = 20',
      'truncate audit_log',
      'update audit_head set seq = 0',
      'delete from audit_head',
      'truncate audit_head cascade',
      `update audit_anchors set hash = 'x'`,
      'delete from audit_anchors',
    ])
      await expect(ctx.pool.query(stmt), stmt).rejects.toThrow(/append-only|moves only/);
    const v = await verifyAuditChain(ctx.pool);
    expect(v.ok).toBe(true);
  });

  it('refuses an insert that does not continue the chain', async () => {
    await expect(
      ctx.pool.query(
        `insert into audit_log (seq, at, actor, action, subject, payload, prev_hash, hash)
         values (21, now(), 'user:9', 'x.y', 'finding:1', '{}', repeat('0', 64), repeat('1', 64))`,
      ),
    ).rejects.toThrow(/does not continue the chain/);
  });

  it('leaves no row and no gap when the change it records rolls back', async () => {
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await audit(trx, { at: DEC, actor: 'user:1', action: 'user.created', subject: 'user:77' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const head = await ctx.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    expect(Number(head.seq)).toBe(20);
  });

  it('finds an altered row', async () => {
    const v = await tampered(
      `update audit_log set payload = replace(payload, 'kosong', 'terisi') where seq = 7`,
    );
    expect(v.ok).toBe(false);
    expect(v.problems[0]).toMatchObject({ kind: 'altered', seq: 7 });
  });

  it('finds an altered row whose hash was recomputed (the next row no longer links)', async () => {
    const v = await tampered(`update audit_log set actor = 'user:9', hash = repeat('a', 64) where seq = 7`);
    expect(v.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['altered', 7],
      ['inserted_or_reordered', 8],
    ]);
  });

  it('finds a removed row', async () => {
    const v = await tampered('delete from audit_log where seq = 9');
    expect(v.problems[0]).toMatchObject({ kind: 'removed', seq: 10 });
  });

  it('finds an inserted row', async () => {
    // Renumber the tail to make room and put a well-formed row (its own hash right) at seq 5.
    const rows = await ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', 4)
      .executeTakeFirstOrThrow();
    const forged = {
      at: '2026-11-23T03:00:04.500Z',
      actor: 'user:1',
      action: 'finding.overturned',
      subject: 'finding:103',
      refs: [] as string[],
      payload: '{}',
    };
    const hash = auditHash(rows.hash, auditMaterial(forged));
    const v = await tampered(`
      update audit_log set seq = seq + 1000 where seq >= 5;
      update audit_log set seq = seq - 999 where seq >= 1000;
      insert into audit_log (seq, at, actor, action, subject, refs, payload, prev_hash, hash)
      values (5, '${forged.at}', 'user:1', 'finding.overturned', 'finding:103', '{}', '{}', '${rows.hash}', '${hash}');
      update audit_head set seq = 21`);
    expect(v.problems.map((p) => [p.kind, p.seq])).toContainEqual(['inserted_or_reordered', 6]);
    expect(v.ok).toBe(false);
  });

  it('finds reordered rows', async () => {
    const v = await tampered(`
      update audit_log set seq = -3 where seq = 3;
      update audit_log set seq = 3 where seq = 4;
      update audit_log set seq = 4 where seq = -3`);
    expect(v.problems[0]).toMatchObject({ kind: 'inserted_or_reordered', seq: 3 });
  });

  it('finds a truncated tail: against the head, and against a printed anchor when the head was moved back too', async () => {
    const v = await tampered('delete from audit_log where seq > 15');
    expect(v.problems).toEqual([expect.objectContaining({ kind: 'truncated', seq: 20 })]);
    // The attacker also sets the head back and drops the month's stored anchor: the printed one remains.
    const printed = await ctx.db
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .where('seq', '=', 12)
      .executeTakeFirstOrThrow();
    const w = await tampered(
      `delete from audit_log where seq > 10;
       update audit_head set seq = 10, hash = (select hash from audit_log where seq = 10);
       delete from audit_anchors`,
      { anchors: [{ label: 'publik 2026-11', seq: 12, hash: printed.hash }] },
    );
    expect(w.problems).toEqual([expect.objectContaining({ kind: 'truncated', seq: 12 })]);
  });

  it('finds a month anchor that no longer matches its row', async () => {
    const v = await tampered(`update audit_anchors set hash = repeat('b', 64) where month = '2026-11'`);
    expect(v.problems).toEqual([expect.objectContaining({ kind: 'anchor_mismatch', seq: 12 })]);
  });
});
