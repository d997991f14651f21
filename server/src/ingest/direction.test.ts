import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '@pkk/core';
import { detectOffice } from '@pkk/platform/findings/pass';
import { admsTestWorld, type AdmsTestWorld } from './adms/testing/world.ts';

/**
 * Issue 18 §6: the direction a terminal records reaches detection. An officer who forgot to check in
 * and checked out at 16:05 (the day's only punch, recorded as a check-out) has a missing check-in
 * (TL4 by R3.4), not an arrival at 16:05 and a missing check-out: one cut, not two.
 */
const KEL = '16.71.01.1006';
const DAY = '2026-11-23'; // Monday, 07:30-16:00
const ANI = '198001012005011007';
const BUDI = '198001012005011008';
const CITRA = '198001012005011009';
let w: AdmsTestWorld;

beforeAll(async () => {
  // The api's clock stands at 16:10, so the 16:05 punches are in the past when they arrive.
  w = await admsTestWorld({ CLOCK_VIRTUAL_ANCHOR: String(Date.parse(`${DAY}T16:10:00+07:00`)) });
  await w.officers([
    { nip: ANI, kelurahanCode: KEL, pin: '21' },
    { nip: BUDI, kelurahanCode: KEL, pin: '22' },
    { nip: CITRA, kelurahanCode: KEL, pin: '23' },
  ]);
});
afterAll(() => w.dispose());

async function personalFindings() {
  // The presensi window after office end has closed at 18:00: every attendance finding is judged.
  await detectOffice(
    { ...w.t.ctx, clock: { now: () => Date.parse(`${DAY}T18:30:00+07:00`), speed: 1 } },
    KEL,
  );
  const rows = await w.t.ctx.db
    .selectFrom('findings')
    .select(['kind', 'subject', 'evidence'])
    .where('kelurahan_code', '=', KEL)
    .where('kind', 'in', ['late_arrival', 'missing_checkout', 'early_departure'])
    .execute();
  return rows.map((r) => ({
    kind: r.kind,
    nip: (r.subject as Finding['subject']).nip,
    tier: (r.evidence as Finding['evidence']).metrics.tier ?? null,
  }));
}

describe('the direction a terminal records, through ingest and detection', () => {
  it('reads a lone ADMS check-out (status 1) as a missing check-in, a lone unmarked punch as before', async () => {
    const term = await w.terminal('DIR00001', { kelurahanCode: KEL });
    const body = `21\t${DAY} 16:05:00\t1\t1\n22\t${DAY} 16:05:30\t0\t1\n`;
    expect((await term.fake.attlog(body)).text).toBe('OK: 2');
    const found = await personalFindings();
    expect(found.filter((f) => f.nip === ANI)).toEqual([{ kind: 'late_arrival', nip: ANI, tier: 'TL4' }]);
    // Status 0 is also what a terminal records when no key is pressed: the first/last rule stands.
    expect(found.filter((f) => f.nip === BUDI).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'late_arrival', nip: BUDI, tier: 'TL4' },
      { kind: 'missing_checkout', nip: BUDI, tier: null },
    ]);
  });

  it('reads a JSON punch with direction "out" the same way', async () => {
    const dev = await w.terminal('DIRJSON1', { kelurahanCode: KEL, protocol: 'json' });
    const key = (await w.api('POST', `/api/v1/devices/${dev.id}/key`)).body.key as string;
    const res = await fetch(`${w.t.url}/api/v1/ingest/attendance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({
        kelurahan: KEL,
        punches: [{ nip: CITRA, time: `${DAY}T16:04:00+07:00`, direction: 'out' }],
      }),
    });
    expect(res.status).toBe(200);
    expect((await personalFindings()).filter((f) => f.nip === CITRA)).toEqual([
      { kind: 'late_arrival', nip: CITRA, tier: 'TL4' },
    ]);
  });
});
