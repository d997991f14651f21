import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WallPage } from './pages/wall-page.ts';
import { saveScreenshot, VIEWPORTS, type AppPage } from './support/browser.ts';
import { seedCity, type SeededCity } from './support/city.ts';
import { signedIn, startE2E, type E2E } from './support/fixture.ts';
import { postQueue, type Profile } from './support/seed.ts';
import type { StackUser } from './support/stack.ts';
import { wibTime } from './support/time.ts';

/** The office each variant pushes events to; seeded quiet (open, nobody waiting). */
const TARGET = { wall: '16.71.04.1002', mobile: '16.71.06.1005' } as const;
/** Offices that get tickets while a wall is cut off. */
const WHILE_OFFLINE = { wall: '16.71.05.1001', mobile: '16.71.07.1007' } as const;

let e: E2E;
let city: SeededCity;
let stopAlive: () => void;
let operator: StackUser & { password: string };
let app: AppPage | null = null;
let expectedErrors: RegExp | null = null;

beforeAll(async () => {
  e = await startE2E();
  city = await seedCity(e.stack, {
    profiles: new Map<string, Profile>(
      [...Object.values(TARGET), ...Object.values(WHILE_OFFLINE)].map((c) => [c, 'quiet']),
    ),
  });
  stopAlive = city.keepAlive(15_000);
  operator = await e.stack.user({ username: 'operator', role: 'operator', displayName: 'Operator Kominfo' });
});
afterAll(async () => {
  stopAlive?.();
  await e?.stop();
});
afterEach(async () => {
  const errors = (app?.errors ?? []).filter((m) => !expectedErrors?.test(m));
  expectedErrors = null;
  await app?.close();
  app = null;
  expect(errors).toEqual([]);
});

/** Tickets issued `minutes` ago at one office, no desk taking them: its wait passes the target. */
function oldTickets(code: string, n: number, minutes: number, tag: string) {
  const at = new Date(e.stack.ctx.clock.now() - minutes * 60_000).toISOString();
  return Array.from({ length: n }, (_, i) => ({
    type: 'ticket.issued',
    ticketId: `${tag}-${i}`,
    ticketNumber: `Z${String(i + 1).padStart(3, '0')}`,
    service: 'domisili',
    time: at,
  }));
}

const toInt = (s: string) => Number(s.replace(/\D/g, ''));

describe.each([VIEWPORTS.wall, VIEWPORTS.mobile])('the wall ($name)', (vp) => {
  const target = TARGET[vp.name as keyof typeof TARGET];

  it('draws the 107 kelurahan polygons coloured by status, with a legend, names on hover, and WIB time', async () => {
    app = await signedIn(e, vp, operator);
    const wall = new WallPage(app.page);
    await wall.ready();
    expect(await wall.polygons.count()).toBe(107);
    expect(await app.page.locator('path.kel-polygon[data-status]').count()).toBe(107);
    const legend = await Promise.all(
      ['breach', 'attention', 'offline', 'normal', 'closed'].map(async (s) =>
        Number(await wall.legendCount(s).innerText()),
      ),
    );
    expect(legend.reduce((a, b) => a + b)).toBe(107);
    expect(legend[0]).toBeGreaterThan(0); // the seeded city has offices in breach
    expect(await wall.strip.count()).toBe(18);
    // The browser runs in Europe/Berlin: the clock still shows WIB, from the server's clock.
    const now = e.stack.ctx.clock.now();
    expect([wibTime(now), wibTime(now - 60_000)]).toContain((await wall.clock.innerText()).slice(0, 5));
    if (!vp.mobile) {
      const tip = await wall.hover('16.71.01.1001');
      expect(tip).toContain('Kel. Tiga-puluh-lima Ilir');
      expect(tip).toContain('dahulu 35 Ilir');
    }
    await saveScreenshot(app.page, `${vp.name}-wall`);
  });

  it('shows a pushed change on the polygon, the counters and the ticker within 2 s', async () => {
    app = await signedIn(e, vp, operator);
    const wall = new WallPage(app.page);
    await wall.ready();
    expect(await wall.polygon(target).getAttribute('data-status')).not.toBe('breach');
    const fillBefore = await wall.polygonFill(target);
    const waitingBefore = toInt(await wall.counterValue('waiting'));
    const breachColour = await wall.statusColour('breach');

    const t0 = Date.now();
    const res = await postQueue(
      e.stack.url,
      city.keys.get(target)!.queue,
      target,
      oldTickets(target, 5, 50, `push-${vp.name}`),
    );
    expect(res.accepted).toBe(5);
    const left = () => Math.max(1, 2000 - (Date.now() - t0));
    await wall.waitForStatus(target, 'breach', left());
    await wall.waitForCounter('waiting', String(waitingBefore + 5), left());
    await wall.tickerItems
      .filter({ hasText: e.stack.ctx.registry.get(target)!.name })
      .first()
      .waitFor({ timeout: left() });
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeLessThan(2000);
    expect(await wall.polygonFill(target)).toBe(breachColour);
    expect(await wall.polygonFill(target)).not.toBe(fillBefore);
    await saveScreenshot(app.page, `${vp.name}-wall-after-push`);
  });

  it('says when the link drops and how old its data is, then catches up by itself', async () => {
    app = await signedIn(e, vp, operator);
    const wall = new WallPage(app.page);
    await wall.ready();
    const waitingBefore = toInt(await wall.counterValue('waiting'));
    // While offline the browser logs its failed reconnects; those lines are expected here.
    expectedErrors = /WebSocket connection to .* failed/;
    await app.context.setOffline(true);
    await wall.banner.waitFor();
    expect(await wall.banner.innerText()).toMatch(
      /Terputus — data (dari beberapa detik lalu|\d+ detik yang lalu)/,
    );
    expect(await wall.pill.getAttribute('data-state')).not.toBe('online');
    if (vp.name === 'wall') await saveScreenshot(app.page, `${vp.name}-wall-disconnected`);
    // Something happens while the wall is cut off.
    const other = WHILE_OFFLINE[vp.name as keyof typeof WHILE_OFFLINE];
    await postQueue(
      e.stack.url,
      city.keys.get(other)!.queue,
      other,
      oldTickets(other, 3, 5, `offline-${vp.name}`),
    );
    await app.context.setOffline(false);
    await wall.banner.waitFor({ state: 'detached' });
    await wall.waitForCounter('waiting', String(waitingBefore + 3));
    expect(await wall.pill.getAttribute('data-state')).toBe('online');
  });
});

describe('the wall as a kiosk', () => {
  it.each([VIEWPORTS.wall, VIEWPORTS.wall4k])(
    'fills $width x $height without scrolling, type scaled to the screen',
    async (vp) => {
      app = await signedIn(e, vp, operator);
      const wall = new WallPage(app.page);
      await wall.ready();
      const size = await wall.scrollSize();
      expect(size.scrollHeight).toBeLessThanOrEqual(size.innerHeight);
      expect(size.scrollWidth).toBeLessThanOrEqual(size.innerWidth);
      // 20 px type at 1080 lines, 40 px at 2160: the same layout, as readable from across the room.
      expect(size.fontPx).toBeCloseTo((vp.height / 1080) * 20, 0);
      await saveScreenshot(app.page, `${vp.name}-wall-kiosk`);
    },
  );
});
