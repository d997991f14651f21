import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceAttlog } from '@pkk/core';
import { repoRoot } from '@pkk/platform/config/paths';
import { admsTestWorld, type AdmsTestWorld } from './testing/world.ts';

/**
 * Replays the captured terminal requests of the shared conformance corpus against a real api, in
 * place (CI checks out shared/ beside the repository; the bytes are never copied into the product),
 * then checks on the product side what the replies cannot show: what was stored, and that a replay
 * stores nothing twice.
 */
const folder = path.resolve(repoRoot, '../shared/conformance/adms');
const replay = path.join(folder, 'replay.mjs');
const present = existsSync(replay);
const run = promisify(execFile);
const SERIAL = 'CONF0001';
const KEL = '16.71.01.1003';

let w: AdmsTestWorld;
let deviceId: number;

async function replayAll(...args: string[]) {
  return replayAs(SERIAL, ...args);
}
async function replayAs(serial: string, ...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, [replay, '--base', w.t.url, '--sn', serial, ...args], {
      timeout: 60_000,
    });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}
const lastLine = (out: string) => out.trimEnd().split('\n').at(-1) ?? '';
async function punches(of = deviceId) {
  return w.t.ctx.db
    .selectFrom('attendance_punches')
    .select(['person_ref', 'punched_at', 'direction', 'verify', 'raw_payload_id'])
    .where('device_id', '=', of)
    .execute();
}

/** The punches the corpus' ATTLOG samples hold, read with the reference reading of the format. */
function expectedFromSamples(): Set<string> {
  const dir = path.join(folder, 'samples');
  const out = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.http'))) {
    const expect = JSON.parse(readFileSync(path.join(dir, f.replace(/\.http$/, '.expect.json')), 'utf8')) as {
      keepSN?: boolean;
    };
    const raw = readFileSync(path.join(dir, f));
    if (expect.keepSN || !/^POST \S+[?&]table=ATTLOG(&|\s|$)/i.test(raw.toString('latin1'))) continue;
    const lf = raw.indexOf('\n\n');
    const crlf = raw.indexOf('\r\n\r\n');
    const bodyStart = crlf !== -1 && (lf === -1 || crlf < lf) ? crlf + 4 : lf + 2;
    for (const line of referenceAttlog(raw.subarray(bodyStart), 420))
      if (line.valid) out.add(`${line.pin}|${line.at}`);
  }
  return out;
}

const title = present
  ? 'ADMS conformance corpus (../shared/conformance/adms)'
  : 'ADMS conformance corpus: SKIPPED, ../shared/conformance/adms/replay.mjs is not checked out beside the repository';

describe.skipIf(!present)(title, () => {
  beforeAll(async () => {
    w = await admsTestWorld();
    deviceId = (await w.terminal(SERIAL, { kelurahanCode: KEL })).id;
  });
  afterAll(() => w?.dispose());

  it("passes every required sample, with dates moved to the test clock's today", async () => {
    // The api runs on the tests' fixed office day, not the real date: the replay must move the dates
    // to that clock's today, or every punch is judged far in the future or the past.
    const { code, stdout } = await replayAll('--today', '--now', new Date(w.t.ctx.clock.now()).toISOString());
    expect(lastLine(stdout), stdout).toMatch(/^\d+ passed, 0 failed$/);
    expect(code, stdout).toBe(0);
    const rows = await punches();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.person_ref).toMatch(/^[A-Za-z0-9-]+$/);
  });

  it('stores exactly the punches the samples hold, and nothing twice when replayed again', async () => {
    // With the samples' own dates, two replays send identical bytes (--today may move a batch by the
    // seconds between two runs when its times are still ahead of the clock).
    const mark = Math.max(0, ...(await punches()).map((r) => r.raw_payload_id));
    const first = await replayAll();
    expect(lastLine(first.stdout), first.stdout).toMatch(/^\d+ passed, 0 failed$/);
    const stored = (await punches()).filter((r) => r.raw_payload_id > mark);
    expect(new Set(stored.map((r) => `${r.person_ref}|${r.punched_at.getTime()}`))).toEqual(
      expectedFromSamples(),
    );

    const count = (await punches()).length;
    const second = await replayAll();
    expect(lastLine(second.stdout), second.stdout).toMatch(/^\d+ passed, 0 failed$/);
    expect((await punches()).length).toBe(count);
  });

  it('stores nothing from a terminal awaiting confirmation: every upload is refused with a non-200', async () => {
    const waiting = await w.terminal('CONF0002', { kelurahanCode: KEL, confirm: false });
    const { code, stdout } = await replayAs(
      'CONF0002',
      '--today',
      '--now',
      new Date(w.t.ctx.clock.now()).toISOString(),
    );
    expect(code, stdout).not.toBe(0);
    expect(lastLine(stdout), stdout).toMatch(/^\d+ passed, [1-9]\d* failed$/);
    expect(await punches(waiting.id)).toHaveLength(0);
    expect(await w.rawsOf(waiting.id)).toHaveLength(0);
  });
});
