import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attlogBody,
  malformedAttlogCorpus,
  mulberry32,
  referenceAttlog,
  rngInt,
  validAttlogLine,
  type LineWindow,
} from '@pkk/core';
import type { FakeTerminal } from './testing/terminal.ts';
import { admsTestWorld, type AdmsTestWorld } from './testing/world.ts';

/**
 * The malformed-ATTLOG corpus (10,000 garbled lines) mixed with valid lines, sent byte-exact in 250
 * batches: never a 5xx, every reply counts exactly the lines that are valid, and what is stored is
 * exactly the valid lines, no refused line written. A few batches go to the other endpoints too.
 */
const KEL = '16.71.01.1004';
const SEED = 7_071_923;
const BATCHES = 250;
const TZ = 420;

let w: AdmsTestWorld;
let term: { id: number; fake: FakeTerminal };

beforeAll(async () => {
  w = await admsTestWorld();
  term = await w.terminal('FUZZ0001', { kelurahanCode: KEL, tzOffsetMinutes: TZ });
});
afterAll(() => w.dispose());

describe('ATTLOG ingest under malformed input', () => {
  it('never fails, counts and stores exactly the valid lines', async () => {
    const now = w.t.ctx.clock.now();
    const window: LineWindow = { fromMs: now - 20 * 86_400_000, toMs: now - 60_000, tzOffsetMinutes: TZ };
    const corpus = malformedAttlogCorpus(SEED, 10_000, window);
    const rng = mulberry32(SEED + 1);
    const limits = w.t.ctx.policy.thresholds.ingest;
    const earliest = Date.parse(`${limits.earliestEventDate}T00:00:00Z`);
    const acceptable = (at: number) => at >= earliest && at - now <= limits.maxFutureHours * 3_600_000;

    const expected = new Set<string>();
    const perBatch = corpus.length / BATCHES;
    for (let b = 0; b < BATCHES; b++) {
      const lines = corpus.slice(b * perBatch, (b + 1) * perBatch).map((e) => e.bytes);
      for (let k = rngInt(rng, 0, 10); k > 0; k--)
        lines.splice(rngInt(rng, 0, lines.length), 0, validAttlogLine(rng, window));
      const body = attlogBody(rng, lines);
      const valid = referenceAttlog(body, TZ).filter((l) => l.valid && acceptable(l.at));
      for (const l of valid) if (l.valid) expected.add(`${l.pin}|${l.at}`);

      const res = await term.fake.attlog(body);
      expect([res.status, res.text], `batch ${b}`).toEqual([200, `OK: ${valid.length}`]);

      if (b % 25 === 0) {
        // The same bytes where other parsers read them: they must be kept and answered, never crash.
        for (const reply of [
          await term.fake.upload('OPERLOG', body),
          await term.fake.upload(null, body),
          await term.fake.commandResults(body.toString('latin1')),
          await term.fake.upload('ATTPHOTO', body),
        ]) {
          expect(reply.status, `batch ${b}`).toBe(200);
          expect(reply.text).toMatch(/^OK/);
        }
      }
    }

    const stored = await w.t.ctx.db
      .selectFrom('attendance_punches')
      .select(['person_ref', 'punched_at'])
      .where('device_id', '=', term.id)
      .execute();
    expect(stored.length).toBe(expected.size);
    expect(new Set(stored.map((r) => `${r.person_ref}|${r.punched_at.getTime()}`))).toEqual(expected);
    expect(expected.size).toBeGreaterThan(1_000);

    const raws = await w.t.ctx.db
      .selectFrom('raw_payloads')
      .select(['item_count', 'valid_count', 'rejects', 'rejects_omitted'])
      .where('device_id', '=', term.id)
      .where('adms_table', '=', 'ATTLOG')
      .execute();
    expect(raws).toHaveLength(BATCHES);
    for (const r of raws)
      expect((r.rejects as unknown[]).length + r.rejects_omitted).toBe(r.item_count - r.valid_count);

    // Still serving afterwards.
    expect((await term.fake.handshake()).status).toBe(200);
  });
});
