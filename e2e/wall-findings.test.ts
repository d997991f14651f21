import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type RunningWorkers } from '@pkk/workers/runner';
import { WallPage } from './pages/wall-page.ts';
import { closeApp, saveScreenshot, VIEWPORTS, type AppPage } from './support/browser.ts';
import { signedIn, startE2E, type E2E } from './support/fixture.ts';
import { heartbeat, postQueue, registerDevices, signIn, type OfficeKeys } from './support/seed.ts';
import type { StackUser } from './support/stack.ts';

/**
 * Open findings colour the wall, live, on the real pipeline (api, workers, PostgreSQL, Redis): a
 * service running far past its standard (a critical finding) turns a quiet office to breach although
 * nobody waits there, one just past it (a warning) to attention, and the office goes back to normal
 * when the service ends and its finding resolves.
 */
const OFFICE = {
  wall: { critical: '16.71.03.1001', warning: '16.71.03.1002' },
  mobile: { critical: '16.71.08.1001', warning: '16.71.08.1002' },
} as const;

let e: E2E;
let keys: Map<string, OfficeKeys>;
let adminCookie: string;
let alive: ReturnType<typeof setInterval>;
let workers: RunningWorkers;
let operator: StackUser & { password: string };
let app: AppPage | null = null;

beforeAll(async () => {
  e = await startE2E();
  const codes = Object.values(OFFICE).flatMap((o) => Object.values(o));
  // Devices that report and no officers: open, nobody waiting, nobody absent, so normal.
  const admin = await e.stack.user({ username: 'admin-f', role: 'admin' });
  adminCookie = await signIn(e.stack.url, admin.username, admin.password);
  keys = await registerDevices(e.stack.url, adminCookie, codes);
  await heartbeat(e.stack.url, keys, new Set());
  alive = setInterval(() => void heartbeat(e.stack.url, keys, new Set()).catch(() => undefined), 15_000);
  operator = await e.stack.user({
    username: 'operator-f',
    role: 'operator',
    displayName: 'Operator Kominfo',
  });
  workers = await startWorkers(e.stack.ctx, { schedules: false });
});
afterAll(async () => {
  clearInterval(alive);
  await workers?.close();
  await e?.stop();
});
afterEach(async () => {
  await closeApp(app);
  app = null;
});

const MIN = 60_000;

/** A domisili service (standard 10 min) at a desk that offers it, in service since `minutes` ago. */
function inService(code: string, id: string, minutes: number) {
  const desk = e.stack.ctx.registry.desksOf(code).find((d) => d.services.includes('domisili'))!.code;
  const at = (m: number) => new Date(e.stack.ctx.clock.now() - m * MIN).toISOString();
  return {
    desk,
    events: [
      {
        type: 'ticket.issued',
        ticketId: id,
        ticketNumber: 'C001',
        service: 'domisili',
        time: at(minutes + 3),
      },
      { type: 'ticket.called', ticketId: id, desk, time: at(minutes + 1) },
      { type: 'ticket.serving', ticketId: id, desk, time: at(minutes) },
    ],
  };
}

/** The office's own live status, as the api reports it (nobody waits: it is not what colours it). */
async function liveStatus(code: string): Promise<string> {
  const res = await fetch(`${e.stack.url}/api/v1/kelurahan/${code}`, { headers: { cookie: adminCookie } });
  return ((await res.json()) as { detail: { summary: { status: string } } }).detail.summary.status;
}

describe.each([VIEWPORTS.wall, VIEWPORTS.mobile])('open findings on the wall ($name)', (vp) => {
  const { critical, warning } = OFFICE[vp.name as keyof typeof OFFICE];

  it('colours an office by its open findings, live, and back when they resolve', async () => {
    app = await signedIn(e, vp, operator);
    const wall = new WallPage(app.page);
    await wall.ready();
    for (const code of [critical, warning]) await wall.waitForStatus(code, 'normal');
    const breachBefore = Number(await wall.legendCount('breach').innerText());

    const long = inService(critical, `F-${vp.name}-1`, 40); // 4x the standard: critical
    const short = inService(warning, `F-${vp.name}-2`, 15); // 1.5x: warning
    expect((await postQueue(e.stack.url, keys.get(critical)!.queue, critical, long.events)).accepted).toBe(3);
    expect((await postQueue(e.stack.url, keys.get(warning)!.queue, warning, short.events)).accepted).toBe(3);

    await wall.waitForStatus(critical, 'breach', 20_000);
    await wall.waitForStatus(warning, 'attention', 20_000);
    expect(await wall.polygonFill(critical)).toBe(await wall.statusColour('breach'));
    expect(Number(await wall.legendCount('breach').innerText())).toBe(breachBefore + 1);
    // Nobody waits at either office: the colour is the findings'.
    expect(await liveStatus(critical)).toBe('normal');
    expect(await liveStatus(warning)).toBe('normal');
    if (!vp.mobile) {
      const tip = await wall.hover(critical);
      expect(tip).toContain('Pelanggaran');
      expect(tip).toContain('1 temuan terbuka (1 kritis)');
      await saveScreenshot(app.page, `wall-findings-${vp.name}`);
    }

    // The service ends: its finding resolves, and the office is normal again without a reload.
    const done = [
      {
        type: 'ticket.served',
        ticketId: `F-${vp.name}-1`,
        desk: long.desk,
        time: new Date(e.stack.ctx.clock.now()).toISOString(),
      },
    ];
    expect((await postQueue(e.stack.url, keys.get(critical)!.queue, critical, done)).accepted).toBe(1);
    await wall.waitForStatus(critical, 'normal', 20_000);
    expect(await wall.polygon(warning).getAttribute('data-status')).toBe('attention');
  });
});
