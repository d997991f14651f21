import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf } from '@pkk/core';
import { runSimulation } from './support/sim.ts';
import { KelurahanPage } from './pages/kelurahan-page.ts';
import { WallPage } from './pages/wall-page.ts';
import { closeApp, saveScreenshot, VIEWPORTS, type AppPage } from './support/browser.ts';
import { signedIn, startE2E, type E2E } from './support/fixture.ts';
import { signIn } from './support/seed.ts';
import type { StackUser } from './support/stack.ts';

/**
 * The wall against the simulator (sim/), which speaks the real device protocols: a simulated morning
 * of a few offices, played at 1200x while the wall watches. The api's clock stands at 08:31 of the
 * same working day, so every simulated event lies in its past.
 */
const OFFICES = {
  wall: ['16.71.01.1001', '16.71.02.1004'],
  mobile: ['16.71.03.1007', '16.71.14.1001'],
} as const;

let e: E2E;
let token: string;
let operator: StackUser & { password: string };
let app: AppPage | null = null;
let truthDir: string;

beforeAll(async () => {
  e = await startE2E({ clock: { at: '08:31' } });
  truthDir = mkdtempSync(path.join(os.tmpdir(), 'pkk-e2e-sim-'));
  const admin = await e.stack.user({ username: 'admin', role: 'admin' });
  const cookie = await signIn(e.stack.url, admin.username, admin.password);
  const res = await fetch(`${e.stack.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ name: 'simulator-e2e', role: 'admin' }),
  });
  token = ((await res.json()) as { token: string }).token;
  operator = await e.stack.user({ username: 'operator', role: 'operator', displayName: 'Operator Kominfo' });
});
afterAll(async () => {
  await e?.stop();
  if (truthDir) rmSync(truthDir, { recursive: true, force: true });
});
afterEach(async () => {
  await closeApp(app);
  app = null;
});

const toInt = (s: string) => Number(s.replace(/\D/g, ''));

/** The simulator gave its offices an organisation: lurah → camat → Sekretaris Daerah, one sanction. */
async function expectOrganisation(offices: string[], date: string): Promise<void> {
  const get = async <T>(p: string) =>
    (await (
      await fetch(`${e.stack.url}${p}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as T;
  type Row = {
    nip: string;
    unit: { kind: string; code: string };
    jabatan: string;
    atasan: { nip: string } | null;
  };
  const { items } = await get<{ items: Row[] }>(`/api/v1/organisation/assignments?date=${date}`);
  const byNip = new Map(items.map((r) => [r.nip, r]));
  for (const code of offices) {
    const lurah = items.find((r) => r.unit.code === code && r.jabatan === 'Lurah')!;
    const camat = byNip.get(lurah.atasan!.nip)!;
    expect(camat.unit.kind).toBe('kecamatan');
    expect(byNip.get(camat.atasan!.nip)!.unit).toEqual({ kind: 'other', code: 'SETDA', name: 'SETDA' });
    expect(items.filter((r) => r.unit.code === code).every((r) => r.atasan !== null)).toBe(true);
  }
  const { items: sanctions } = await get<{ items: { kind: string }[] }>('/api/v1/sanctions');
  expect(sanctions.map((x) => x.kind)).toContain('potong_tpp_25_6');
}

describe.each([VIEWPORTS.wall, VIEWPORTS.mobile])('the wall follows a simulated morning ($name)', (vp) => {
  it('counts staff arriving, lists the changes, and colours the simulated offices', async () => {
    const offices = [...OFFICES[vp.name as keyof typeof OFFICES]];
    app = await signedIn(e, vp, operator);
    const wall = new WallPage(app.page);
    await wall.ready();
    const staffBefore = toInt(await wall.counterValue('staff'));
    const tickerBefore = await wall.tickerItems.count();

    const date = localDateOf(e.stack.ctx.clock.now(), e.stack.ctx.policy.workHours.zone);
    const result = await runSimulation({
      apiUrl: e.stack.url,
      token,
      seed: `e2e-${vp.name}`,
      date,
      from: '07:00',
      to: '08:30',
      speed: 1200,
      offices,
      adms: 'off',
      varDir: path.join(truthDir, vp.name),
    });
    expect(result.undelivered).toBe(0);
    expect(result.stats.channels.attendance.accepted).toBeGreaterThan(0);
    await expectOrganisation(offices, date);

    // The pushes have arrived when the staff counter has moved; the ticker has caught them.
    await app.page.waitForFunction((before) => {
      const v =
        document.querySelector('[data-testid=counter-staff] .counter__value')?.getAttribute('data-value') ??
        '0';
      return Number(v.replace(/\D/g, '')) > before;
    }, staffBefore);
    expect(await wall.tickerItems.count()).toBeGreaterThan(tickerBefore);
    for (const code of offices)
      expect(await wall.polygon(code).getAttribute('data-status')).toMatch(/normal|attention|breach|offline/);
    await saveScreenshot(app.page, `${vp.name}-wall-simulated`);

    const kel = new KelurahanPage(app.page);
    await kel.open(offices[0]!);
    await kel.ready(offices[0]!);
    expect(await kel.rosterRows.count()).toBeGreaterThan(0);
  });
});
