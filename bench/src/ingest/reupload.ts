/**
 * ADMS re-upload: terminals re-sending their whole ATTLOG after a reconnect, every line already held.
 * Each terminal first uploads its log (all new), then sends the very same uploads again, all at once
 * as a city's terminals do after a network outage; the second pass is the one measured for the target
 * reading. The ADMS reply is only `OK: <n>` (the valid lines, new or held, so that the terminal
 * advances), so what the api made of the lines is read from its own counter
 * (pkk_ingest_items_total{channel="adms"}) and from the rows it holds.
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { FakeTerminal } from '@pkk/server/ingest/adms/testing/terminal';
import { distribution, perEvent, round, say, withCpu } from './measure.ts';
import type { Stack } from './services.ts';
import { OFFICERS_PER_OFFICE, terminalLog, type Office } from './workload.ts';

const RESULTS = ['accepted', 'duplicate', 'conflict', 'rejected', 'flagged'] as const;
type Items = Record<(typeof RESULTS)[number], number>;

/** The api's ADMS item counters so far, by result. */
async function admsItems(stack: Stack): Promise<Items> {
  const text = await (await fetch(stack.metricsUrl)).text();
  const out = Object.fromEntries(RESULTS.map((k) => [k, 0])) as Items;
  for (const m of text.matchAll(/^pkk_ingest_items_total\{([^}]*)\} (\S+)$/gm)) {
    if (!/channel="adms"/.test(m[1]!)) continue;
    const result = /result="([^"]+)"/.exec(m[1]!)?.[1] as keyof Items | undefined;
    if (result && result in out) out[result] = Number(m[2]);
  }
  return out;
}

const admsRows = async (db: pg.Pool) =>
  Number(
    (
      await db.query<{ n: string }>(
        `select count(*) as n from attendance_punches where device_id in (select id from devices where protocol = 'adms')`,
      )
    ).rows[0]!.n,
  );

/** Every terminal sends its uploads in order, all terminals at once. */
async function pass(terminals: FakeTerminal[], uploads: Buffer[]) {
  const replyMs: number[] = [];
  const problems: string[] = [];
  let acknowledged = 0;
  let posts = 0;
  const start = performance.now();
  await Promise.all(
    terminals.map(async (t) => {
      for (const body of uploads) {
        const at = performance.now();
        const r = await t.attlog(body);
        replyMs.push(performance.now() - at);
        posts++;
        const ok = /^OK: (\d+)$/.exec(r.text.trim());
        if (r.status !== 200 || !ok) problems.push(`${t.serial}: HTTP ${r.status} ${r.text.slice(0, 120)}`);
        else acknowledged += Number(ok[1]);
      }
    }),
  );
  return {
    acknowledged,
    posts,
    seconds: (performance.now() - start) / 1000,
    replyMs: distribution(replyMs),
    problems,
  };
}

export async function runAdmsReupload(
  stack: Stack,
  db: pg.Pool,
  offices: Office[],
  opts: { today: string; lines: number; batch: number },
) {
  const terminals = offices.flatMap((o) => (o.terminal ? [new FakeTerminal(stack.apiUrl, o.terminal)] : []));
  for (const t of terminals) {
    const h = await t.handshake();
    if (h.status !== 200) throw new Error(`ADMS handshake ${t.serial}: HTTP ${h.status} ${h.text}`);
  }
  const uploads = terminalLog(opts.today, OFFICERS_PER_OFFICE, opts.lines, opts.batch);
  const lines = terminals.length * opts.lines;

  const measured = async () => {
    const items0 = await admsItems(stack);
    const rows0 = await admsRows(db);
    const r = await withCpu(stack.groups, () => pass(terminals, uploads));
    const items1 = await admsItems(stack);
    const rate = Math.round(lines / r.result.seconds);
    return {
      linesPerSecond: rate,
      lines,
      posts: r.result.posts,
      seconds: round(r.result.seconds, 2),
      /** Sum of the replies' `OK: <n>`: every valid line, new or held. */
      replyOk: r.result.acknowledged,
      /** What the api counted for these lines, by result (its /metrics). */
      items: Object.fromEntries(RESULTS.map((k) => [k, items1[k] - items0[k]])) as Items,
      rowsAdded: (await admsRows(db)) - rows0,
      replyMs: r.result.replyMs,
      cpu: r.cpu,
      cpuMicrosPerLine: perEvent(r.cpu, rate),
      quiet: r.quiet,
      problems: r.result.problems.slice(0, 5),
      problemCount: r.result.problems.length,
    };
  };
  const first = await measured();
  const again = await measured();
  for (const [label, p] of [
    ['first upload', first],
    ['re-upload', again],
  ] as const)
    say(
      `ADMS ${label}: ${p.linesPerSecond.toLocaleString('en')} lines/s (${p.lines} lines, ${p.posts} uploads): OK ${p.replyOk}, ${JSON.stringify(p.items)}, rows added ${p.rowsAdded}  cores ${JSON.stringify(p.cpu)}`,
    );
  return {
    terminals: terminals.length,
    linesPerTerminal: opts.lines,
    linesPerUpload: opts.batch,
    first,
    reupload: again,
    /** Every line of the re-upload acknowledged, counted a duplicate, and nothing stored twice. */
    ok:
      again.problemCount === 0 &&
      again.replyOk === lines &&
      again.items.duplicate === lines &&
      again.rowsAdded === 0 &&
      first.rowsAdded === lines,
  };
}
