import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingChange } from '@pkk/core';
import { testContext, TEST_DAY_START } from '../testing/context.ts';
import { createDb } from '../db/index.ts';
import { recordFindingChanges } from '../findings/record.ts';
import { verifyAuditChain } from '../audit/verify.ts';
import { hrSignalsAfter } from './signals.ts';

type Ctx = Awaited<ReturnType<typeof testContext>>;
let ctx: Ctx;

beforeAll(async () => {
  ctx = await testContext();
});
afterAll(async () => ctx?.dispose());

function change(
  id: number,
  action: FindingChange['action'],
  standing: string | null = 'standing',
): FindingChange {
  return {
    action,
    finding: {
      id,
      kind: 'late_arrival',
      nature: 'occurrence',
      fingerprint: `fp-${id}`,
      labels: {},
      subject: {
        kelurahan: '16.71.01.1001',
        kecamatan: '16.71.01',
        nip: `19870101201001${String(id).padStart(4, '0')}`,
      },
      date: '2026-11-23',
      from: TEST_DAY_START,
      to: null,
      severity: 'warning',
      confidence: 1,
      state: 'open',
      standing: standing as FindingChange['finding']['standing'],
      evidence: { events: [], metrics: {} },
      openedAt: TEST_DAY_START,
      updatedAt: TEST_DAY_START,
      resolvedAt: null,
      acknowledgedAt: null,
      escalationLevel: 0,
      appealEndsAt: null,
    } as unknown as FindingChange['finding'],
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('HR discipline feed', () => {
  it('signals a personal finding that stands, then only the changes to one HR was told about', async () => {
    const at = TEST_DAY_START;
    await ctx.db
      .transaction()
      .execute((trx) =>
        recordFindingChanges(trx, [change(9001, 'opened', 'pending')], { actor: 'system:detect', at }),
      );
    await ctx.db
      .transaction()
      .execute((trx) =>
        recordFindingChanges(trx, [change(9002, 'withdrawn', 'withdrawn')], { actor: 'system:detect', at }),
      );
    await ctx.db
      .transaction()
      .execute((trx) => recordFindingChanges(trx, [change(9001, 'stood')], { actor: 'system:appeals', at }));
    await ctx.db
      .transaction()
      .execute((trx) =>
        recordFindingChanges(trx, [change(9001, 'withdrawn', 'withdrawn')], { actor: 'system:detect', at }),
      );
    const page = await hrSignalsAfter(ctx.db, 0, 100);
    expect(page.items.map((s) => [s.findingId, s.change])).toEqual([
      [9001, 'standing'],
      [9001, 'withdrawn'],
    ]);
    expect(await hrSignalsAfter(ctx.db, Number(page.next), 100)).toEqual({ items: [], next: page.next });
    // Each signal has its webhook message, written in the same transaction.
    const outbox = await ctx.db.selectFrom('hr_outbox').select('msg_id').orderBy('id').execute();
    expect(outbox.map((o) => o.msg_id)).toEqual(page.items.map((s) => `sig_${s.cursor}`));
  });

  it('over 1,000 commits interleaved on 8 connections, slow to commit, a polling reader misses none and repeats none', async () => {
    const start = (await hrSignalsAfter(ctx.db, 0, 1000)).next;
    // Writers on connections of their own (a pool of 8), each transaction doing work before and after
    // the change's audit row so that commits land out of the order they began in.
    const writers = createDb({ url: ctx.env.DATABASE_URL!, poolSize: 8, schema: ctx.schema });
    const N = 1000;
    let done = false;
    const seen: number[] = [];
    const reader = (async () => {
      let cursor = start;
      for (;;) {
        const finished = done;
        const page = await hrSignalsAfter(ctx.db, Number(cursor), 97);
        seen.push(...page.items.map((s) => s.findingId));
        cursor = page.next;
        if (finished && !page.items.length) return;
        if (!page.items.length) await sleep(2);
      }
    })();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (;;) {
          const i = next++;
          if (i >= N) return;
          await writers.db.transaction().execute(async (trx) => {
            await trx.selectFrom('audit_head').select('seq').execute();
            if (i % 7 === 0) await sleep(3);
            await recordFindingChanges(trx, [change(10_000 + i, 'stood')], {
              actor: 'system:appeals',
              at: TEST_DAY_START + i,
            });
            if (i % 5 === 0) await sleep(2); // holds the head: a commit that lands late
          });
        }
      }),
    );
    done = true;
    await reader;
    await writers.db.destroy();
    expect(seen.length).toBe(N);
    expect(new Set(seen).size).toBe(N);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => 10_000 + i));
    const v = await verifyAuditChain(ctx.pool);
    expect(v.ok).toBe(true);
  });
});
