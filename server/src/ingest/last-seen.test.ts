import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf, type Finding } from '@pkk/core';
import { detectOffice } from '@pkk/platform/findings/pass';
import { admsTestWorld, type AdmsTestWorld } from './adms/testing/world.ts';

/**
 * Issue 18 §6: the time a terminal was last heard is exact. It used to be written at most once per
 * 10 s and the reports in between dropped, so a terminal silent 118 s (threshold 120 s) right after
 * two closely spaced reports was flagged offline, "silent since" a report before its last.
 */
const KEL = '16.71.01.1007';
let w: AdmsTestWorld;
let day: string;

beforeAll(async () => {
  w = await admsTestWorld();
  day = localDateOf(w.t.ctx.clock.now());
});
afterAll(() => w.dispose());

const lastSeenOf = async (id: number) =>
  (
    await w.t.ctx.db
      .selectFrom('devices')
      .select('last_seen_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).last_seen_at;
/** A detection pass of the office at `now`, and the device_offline finding it leaves open for a device. */
async function offlineAt(now: number, deviceId: number) {
  await detectOffice({ ...w.t.ctx, clock: { now: () => now, speed: 1 } }, KEL);
  const rows = await w.t.ctx.db
    .selectFrom('findings')
    .selectAll()
    .where('kind', '=', 'device_offline')
    .where('kelurahan_code', '=', KEL)
    .where('state', '=', 'open')
    .execute();
  return rows
    .map((r) => ({ from: r.from_at.getTime(), evidence: r.evidence as Finding['evidence'] }))
    .filter((f) => f.evidence.metrics.deviceId === deviceId);
}

describe('when a terminal was last heard', () => {
  it('is its last report exactly, though reports come faster than the writes', async () => {
    const term = await w.terminal('SEEN0001', { kelurahanCode: KEL });
    const ok = (r: { status: number; text: string }) => expect([r.status, r.text]).toEqual([200, 'OK: 1']);
    ok(await term.fake.attlog(`7\t${day} 09:58:00\t0\t1\n`));
    ok(await term.fake.attlog(`7\t${day} 09:58:30\t0\t1\n`));
    const last = (await w.rawsOf(term.id)).at(-1)!.received_at.getTime();
    // The second report is within the write interval: it is written at its end, or when the api stops.
    await w.t.api.directory.flush();
    expect((await lastSeenOf(term.id))?.getTime()).toBe(last);
  });

  it('is silent 118 s after two reports 8 s apart, not offline; offline past 120 s, silent since the last', async () => {
    const term = await w.terminal('SEEN0003', { kelurahanCode: KEL });
    const t0 = w.t.ctx.clock.now();
    // Two reports 8 s apart on the product's clock, both within one write interval.
    await w.t.api.directory.touch(term.id, new Date(t0), '127.0.0.1');
    const last = t0 + 8_000;
    await w.t.api.directory.touch(term.id, new Date(last), '127.0.0.1');
    await w.t.api.directory.flush();

    expect(await offlineAt(last + 118_000, term.id)).toEqual([]);
    expect(await offlineAt(last + 120_000, term.id)).toEqual([]);
    const [found] = await offlineAt(last + 121_000, term.id);
    // "Silent since" is the last report, not the one before it.
    expect(found!.from).toBe(last);
    expect(found!.evidence.events).toEqual([{ kind: 'device', id: term.id, at: last }]);
    expect(found!.evidence.metrics).toMatchObject({ silentSeconds: 121, limitSeconds: 120 });
  });

  it('never moves back, and writes a held-back report without being asked', async () => {
    const term = await w.terminal('SEEN0002', { kelurahanCode: KEL });
    // A terminal awaiting confirmation was not heard as one in service; its first report is written at once.
    expect(await lastSeenOf(term.id)).toBeNull();
    await term.fake.poll();
    const first = (await lastSeenOf(term.id))!.getTime();
    // An older time (another api node's late write) leaves the newer one standing.
    await w.t.api.directory.touch(term.id, new Date(first - 60_000), null);
    await w.t.api.directory.flush();
    expect((await lastSeenOf(term.id))!.getTime()).toBe(first);
    // A report within the interval is written by the end of the interval on its own.
    await term.fake.poll();
    const later = w.t.ctx.clock.now();
    await expect
      .poll(async () => (await lastSeenOf(term.id))!.getTime(), { timeout: 20_000, interval: 200 })
      .toBeGreaterThan(first);
    expect((await lastSeenOf(term.id))!.getTime()).toBeLessThanOrEqual(later);
  });
});
