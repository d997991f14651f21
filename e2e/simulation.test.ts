import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochAt, type KelurahanDetail } from '@pkk/core';
import { loginAs, testApi } from '@pkk/server/testing/context';
// Brings the typing of vitest's inject('databaseUrl' | 'redisUrl') into this workspace's program.
import type {} from '@pkk/platform/testing/global-setup';
import type { Scenario } from '@pkk/sim/scenario/schema';
import { readTruth, type TruthEntry } from '@pkk/sim/truth';
import { runSimulation } from '@pkk/sim/run/bounded';
import type { SimResult } from '@pkk/sim/run/simulator';

/**
 * The simulator against a real api (its own PostgreSQL schema and Redis prefix): three offices, two
 * simulated morning hours at 1200x. Offices 0 and 1 of the registry use the ADMS terminal when the
 * api serves /iclock, office 9 the JSON attendance gateway, so both paths carry punches.
 */

const DATE = '2026-11-23'; // a Monday
const OFFICES = ['16.71.01.1001', '16.71.01.1002', '16.71.02.1004'];
const SCENARIO: Scenario = {
  name: 'integration',
  citizensFactor: 1.5,
  // Only the anomalies below: the natural disruptions of an ordinary day are scored elsewhere.
  disruptionFactor: 0,
  anomalies: [
    { type: 'desk_unattended', kelurahan: OFFICES[0]!, desk: 'loket-2', at: '08:10', minutes: 20 },
    { type: 'terminal_offline', kelurahan: OFFICES[1]!, at: '07:20', minutes: 40 },
    {
      type: 'officer_absent',
      kelurahan: OFFICES[2]!,
      officer: { position: 'Sekretaris Lurah' },
      withLeave: false,
      leaveKind: 'izin',
      covered: false,
    },
  ],
};

let t: Awaited<ReturnType<typeof testApi>>;
let token: string;
let operator: string;
let varDir: string;
let first: SimResult;

const run = (speed: number) =>
  runSimulation({
    apiUrl: t.url,
    token,
    seed: 'it-42',
    date: DATE,
    from: '07:00',
    to: '09:00',
    speed,
    offices: OFFICES,
    scenario: SCENARIO,
    varDir,
  });

beforeAll(async () => {
  // The api's clock stands just after the simulated window, at real speed: every simulated event is
  // in its past (no clock-skew flags), and devices that just spoke count as online.
  t = await testApi({
    CLOCK_SPEED: '1',
    CLOCK_REAL_ANCHOR: String(Date.now()),
    CLOCK_VIRTUAL_ANCHOR: String(epochAt(DATE, '09:01')),
  });
  const admin = await loginAs(t, { username: 'admin1', role: 'admin' });
  operator = await loginAs(t, { username: 'operator1', role: 'operator' });
  const res = await fetch(`${t.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: admin },
    body: JSON.stringify({ name: 'simulator-test', role: 'admin' }),
  });
  expect(res.status).toBe(201);
  token = ((await res.json()) as { token: string }).token;
  varDir = mkdtempSync(path.join(os.tmpdir(), 'pkk-sim-'));
  first = await run(1200);
}, 60_000);

afterAll(async () => {
  await t?.dispose();
  if (varDir) rmSync(varDir, { recursive: true, force: true });
});

const sorted = (entries: TruthEntry[]) => entries.map((e) => JSON.stringify(e)).sort();

async function detail(code: string): Promise<KelurahanDetail> {
  const res = await fetch(`${t.url}/api/v1/kelurahan/${code}`, { headers: { cookie: operator } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { detail: KelurahanDetail }).detail;
}

describe('a bounded simulation', () => {
  it('delivers every channel of every office, nothing refused', () => {
    const c = first.stats.channels;
    expect(first.offices).toEqual(OFFICES);
    expect(c.attendance.sent).toBeGreaterThan(0);
    expect(c.queue.accepted).toBeGreaterThan(0);
    expect(c.presence.accepted).toBeGreaterThan(0);
    for (const ch of Object.values(c))
      expect({ rejected: ch.rejected, dropped: ch.dropped }).toEqual({ rejected: 0, dropped: 0 });
    expect(first.undelivered).toBe(0);
    expect(first.jsonAttendanceOffices).toContain(OFFICES[2]);
    if (first.admsAvailable) {
      expect(first.admsOffices).toEqual(OFFICES.slice(0, 2));
      expect(first.stats.adms.linesSent).toBeGreaterThan(0);
      expect(first.stats.adms.stored).toBe(first.stats.adms.linesSent);
      // Power-on, plus the terminal that came back after its outage.
      expect(first.stats.adms.handshakes).toBeGreaterThanOrEqual(3);
    }
  });

  it('fills the live state: arrivals on the roster, tickets issued, devices online', async () => {
    for (const code of OFFICES) {
      const d = await detail(code);
      expect(d.roster.filter((r) => r.arrivedAt !== null).length, code).toBeGreaterThan(3);
      expect(d.summary.issuedToday, code).toBeGreaterThan(0);
      expect(d.summary.devicesTotal, code).toBe(3);
      expect(d.summary.devicesOnline, code).toBe(3);
      expect(
        d.desks.some((k) => k.open || k.observedPresent !== null),
        code,
      ).toBe(true);
    }
  });

  it('writes the injected anomalies and the planned deviations to the ground truth', () => {
    const file = path.join(varDir, 'sim', `ground-truth-${DATE}.jsonl`);
    expect(first.truthFiles).toEqual([file]);
    const truth = readTruth(file);
    expect(sorted(truth)).toEqual(sorted(first.truth));
    const away = truth.find((e) => e.type === 'desk_unattended');
    expect(away).toMatchObject({
      kelurahan: OFFICES[0],
      desk: 'loket-2',
      source: 'scenario',
      scenario: 'integration',
      minutes: 20,
    });
    expect(Date.parse(away!.from)).toBeGreaterThanOrEqual(epochAt(DATE, '08:10'));
    expect(truth).toContainEqual(
      expect.objectContaining({
        type: 'terminal_offline',
        kelurahan: OFFICES[1],
        minutes: 40,
        source: 'scenario',
      }),
    );
    expect(truth).toContainEqual(
      expect.objectContaining({
        type: 'absent',
        kelurahan: OFFICES[2],
        withLeave: false,
        source: 'scenario',
      }),
    );
    // Nothing that starts after the window is listed.
    for (const e of truth) expect(Date.parse(e.from)).toBeLessThan(epochAt(DATE, '09:00'));
  });

  it('re-running the same seed and window creates nothing new', async () => {
    const again = await run(4000);
    const c = again.stats.channels;
    for (const [name, ch] of Object.entries(c)) {
      if (name === 'attendance' && again.admsAvailable) continue;
      expect({ name, accepted: ch.accepted }).toEqual({ name, accepted: 0 });
      expect(ch.duplicates, name).toBeGreaterThan(0);
    }
    // JSON attendance of office 9, whatever ADMS does.
    expect(c.attendance.duplicates).toBeGreaterThan(0);
    expect(again.stats.channels.queue.duplicates).toBe(first.stats.channels.queue.accepted);
    expect(sorted(again.truth)).toEqual(sorted(first.truth));
    const rows = await t.ctx.db
      .selectFrom('attendance_punches')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(first.stats.channels.attendance.sent);
  });
});
