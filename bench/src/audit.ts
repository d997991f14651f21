/**
 * bench/audit: what the audit trail costs (issue 20 §1). On its own PostgreSQL (embedded, not durable):
 * 1. a change (a silence inserted in a transaction) timed 2,000 times without and 2,000 times with its
 *    audit row (`audit(trx, …)` in the same transaction), interleaved; target: the audit row adds at most
 *    2 ms to the p99;
 * 2. 1,000,000 chained rows loaded, then `verifyAuditChain` over them (as `npm run audit:verify`);
 *    target: at most 5 s.
 * Writes bench/results/audit.json with the load average and the busiest processes.
 *
 *   node --import tsx bench/src/audit.ts            (AUDIT_ROWS=200000 for a shorter run)
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AUDIT_GENESIS, auditMaterial } from '@pkk/core';
import { sql } from 'kysely';
import { audit, nodeAuditHash } from '@pkk/platform/audit/log';
import { verifyAuditChain } from '@pkk/platform/audit/verify';
import { repoRoot } from '@pkk/platform/config/paths';
import { createDb } from '@pkk/platform/db/index';
import { migrateToLatest } from '@pkk/platform/db/migrate';
import { startLocalPostgres } from '@pkk/platform/infra/embedded-postgres';
import { freePort } from '@pkk/platform/infra/ports';
import { busiest } from './busiest.ts';

const CHANGES = 2_000;
const ROWS = Number(process.env.AUDIT_ROWS ?? 1_000_000);
const APPEND_TARGET_MS = 2;
const VERIFY_TARGET_MS = 5_000;

const r2 = (n: number) => Math.round(n * 100) / 100;
const q = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: r2(q(s, 0.5)), p95: r2(q(s, 0.95)), p99: r2(q(s, 0.99)), max: r2(s.at(-1)!) };
};

const loadAverageBefore = os.loadavg().map(r2);
const dir = path.join(repoRoot, 'var', 'bench', `audit-${process.pid}`);
mkdirSync(dir, { recursive: true });
const pg = await startLocalPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), durable: false });
const { db, pool } = createDb({ url: pg.url, poolSize: 4 });
try {
  await migrateToLatest(db);

  // 1. The change alone, and the change with its audit row, interleaved so both see the same load.
  const change = async (withAudit: boolean, i: number) => {
    const t0 = performance.now();
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('silences')
        .values({
          matchers: JSON.stringify([`kelurahan="16.71.01.10${String(i % 100).padStart(2, '0')}"`]),
          starts_at: new Date(1_800_000_000_000),
          ends_at: new Date(1_800_003_600_000),
          comment: 'Pemeliharaan jaringan',
          created_by: null,
          created_at: new Date(1_800_000_000_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (withAudit)
        await audit(trx, {
          at: 1_800_000_000_000 + i,
          actor: 'user:1',
          action: 'silence.created',
          subject: `silence:${row.id}`,
          refs: ['kelurahan:16.71.01.1001'],
          payload: {
            matchers: ['kelurahan="16.71.01.1001"'],
            comment: 'Pemeliharaan jaringan',
            endsAt: 1_800_003_600_000,
          },
        });
    });
    return performance.now() - t0;
  };
  for (let i = 0; i < 200; i++) await change(i % 2 === 0, i); // warm-up
  const plain: number[] = [];
  const audited: number[] = [];
  for (let i = 0; i < CHANGES * 2; i++) (i % 2 ? audited : plain).push(await change(i % 2 === 1, i));
  const plainStats = stats(plain);
  const auditedStats = stats(audited);

  // 2. A million rows, chained as audit() chains them, loaded in batches (triggers off for the load only).
  const startSeq = Number((await db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);
  let prev = (await db.selectFrom('audit_head').select('hash').executeTakeFirstOrThrow()).hash;
  const tLoad = performance.now();
  const client = await pool.connect();
  await client.query('set session_replication_role = replica');
  const BATCH = 10_000;
  for (let done = 0; done < ROWS; done += BATCH) {
    const cols: [number[], string[], string[], string[], string[], string[], string[], string[]] = [
      [],
      [],
      [],
      [],
      [],
      [],
      [],
      [],
    ];
    for (let k = 0; k < Math.min(BATCH, ROWS - done); k++) {
      const seq = startSeq + done + k + 1;
      const at = new Date(1_800_000_000_000 + seq * 1000).toISOString();
      const r = {
        at,
        actor: `user:${1 + (seq % 50)}`,
        action: seq % 3 ? 'live_view.ended' : 'finding.stood',
        subject: seq % 3 ? `camera:cam-${seq % 400}` : `finding:${seq}`,
        refs: [] as string[],
        payload: `{"endedAt":${1_800_000_000_000 + seq * 1000},"node":"media-1","startedAt":${1_800_000_000_000 + seq * 1000 - 60000},"transport":"webrtc","viewId":"v-${seq}"}`,
      };
      const hash = nodeAuditHash(prev, auditMaterial(r));
      cols[0].push(seq);
      cols[1].push(at);
      cols[2].push(r.actor);
      cols[3].push(r.action);
      cols[4].push(r.subject);
      cols[5].push(r.payload);
      cols[6].push(prev);
      cols[7].push(hash);
      prev = hash;
    }
    await client.query(
      `insert into audit_log (seq, at, actor, action, subject, payload, prev_hash, hash)
       select * from unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
      cols,
    );
  }
  await client.query('update audit_head set seq = $1, hash = $2 where id = 1', [startSeq + ROWS, prev]);
  await client.query('set session_replication_role = origin');
  client.release();
  await sql`vacuum analyze audit_log`.execute(db);
  const loadMs = performance.now() - tLoad;
  if (prev === AUDIT_GENESIS) throw new Error('nothing loaded');

  const verifyMs: number[] = [];
  // CPU time of this process (reading rows, hashing): what the check costs apart from a busy machine's waits.
  const verifyCpuMs: number[] = [];
  let verdict = null;
  for (let i = 0; i < 3; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    verdict = await verifyAuditChain(pool);
    verifyMs.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    verifyCpuMs.push((c.user + c.system) / 1000);
  }
  const result = {
    bench: 'audit',
    at: new Date().toISOString(),
    append: {
      changes: CHANGES,
      changeAloneMs: plainStats,
      changeWithAuditMs: auditedStats,
      addedP99Ms: r2(auditedStats.p99 - plainStats.p99),
      addedP50Ms: r2(auditedStats.p50 - plainStats.p50),
      targetAddedP99Ms: APPEND_TARGET_MS,
    },
    verify: {
      rows: verdict!.rows,
      ok: verdict!.ok,
      runsMs: verifyMs.map((m) => Math.round(m)),
      bestMs: Math.round(Math.min(...verifyMs)),
      cpuMs: verifyCpuMs.map((m) => Math.round(m)),
      targetMs: VERIFY_TARGET_MS,
      loadMs: Math.round(loadMs),
    },
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model ?? 'unknown',
      node: process.version,
      loadAverageBefore,
      loadAverage: os.loadavg().map(r2),
      busiest: busiest(),
    },
    targetMet:
      auditedStats.p99 - plainStats.p99 <= APPEND_TARGET_MS &&
      Math.min(...verifyMs) <= VERIFY_TARGET_MS &&
      verdict!.ok,
  };
  const out = path.join(repoRoot, 'bench/results/audit.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exitCode = result.targetMet ? 0 : 1;
} finally {
  await db.destroy();
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
