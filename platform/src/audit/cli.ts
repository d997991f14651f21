/**
 * `npm run audit:verify [-- --anchor 2026-11=1234:abcd… ...] [--json]`: checks the whole audit chain
 * (altered, removed, inserted or reordered rows, a truncated tail) against the recorded head, the stored
 * month anchors and anchors given from outside (the public page, an HR export). Exit 0 when intact,
 * 1 when not, 2 on a usage or connection error.
 * `npm run audit:anchor`: records the chain head of every closed month not anchored yet.
 * Connects to DATABASE_URL, or to the embedded PostgreSQL of `npm start` (PG_PORT, default 55432).
 */
import type { AuditAnchor } from '@pkk/core';
import { createDb } from '../db/index.ts';
import { anchorClosedMonths, verifyAuditChain } from './verify.ts';

export function parseAnchor(text: string): AuditAnchor {
  const m = /^([^=]+)=(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!m) throw new Error(`--anchor ${text}: expected label=seq:hash (64 hex digits)`);
  return { label: m[1]!, seq: Number(m[2]), hash: m[3]! };
}

const say = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const anchors: AuditAnchor[] = [];
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--json') json = true;
    else if (rest[i] === '--anchor' && rest[i + 1]) anchors.push(parseAnchor(rest[++i]!));
    else throw new Error(`unknown argument ${rest[i]}`);
  }
  const url =
    process.env.DATABASE_URL ??
    `postgres://postgres:pkk-local@127.0.0.1:${process.env.PG_PORT ?? '55432'}/postgres`;
  const { db, pool } = createDb({ url, poolSize: 1, schema: process.env.DATABASE_SCHEMA });
  try {
    if (command === 'anchor') {
      const made = await anchorClosedMonths(db, Date.now());
      for (const a of made) say(`anchored ${a.label}: seq ${a.seq} ${a.hash}`);
      if (!made.length) say('no closed month left to anchor');
      return 0;
    }
    if (command !== 'verify') throw new Error('usage: cli.ts verify|anchor');
    const started = performance.now();
    const v = await verifyAuditChain(pool, { anchors });
    const ms = Math.round(performance.now() - started);
    if (json) say(JSON.stringify({ ...v, ms }));
    else {
      say(
        `audit chain: ${v.rows} rows checked in ${ms} ms; head ${v.last ? `${v.last.seq} ${v.last.hash}` : '(empty)'}`,
      );
      for (const a of v.anchors) say(`  anchor ${a.label}: seq ${a.seq} ${a.hash}`);
      for (const p of v.problems) say(`  TAMPERED (${p.kind}) at seq ${p.seq}: ${p.detail}`);
      say(v.ok ? 'OK: the chain is intact' : `FAILED: ${v.problems.length} problem(s)`);
    }
    return v.ok ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`audit: ${(err as Error).message}`);
    process.exit(2);
  },
);
