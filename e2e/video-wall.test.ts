import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VideoWallPage } from './pages/video-wall-page.ts';
import { closeApp, saveScreenshot, VIEWPORTS, type AppPage } from './support/browser.ts';
import { signedIn, startE2E, type E2E } from './support/fixture.ts';
import { signIn } from './support/seed.ts';
import type { StackUser } from './support/stack.ts';
import { addSimCamera } from './support/video.ts';

/**
 * The video wall against the real stack with a media node and simulated cameras (docs/video.md).
 * Playback on the stack's own simulated cameras and media node (e2e/support/video.ts).
 */
const OFFICES = ['16.71.01.1001', '16.71.01.1002', '16.71.01.1003', '16.71.02.1002', '16.71.02.1003'];

let e: E2E;
let operator: StackUser & { password: string };
let cookie = '';
let app: AppPage | null = null;

beforeAll(async () => {
  // Real cameras (the simulator's RTSP server) and a real media node beside the api.
  e = await startE2E({ video: { offices: OFFICES.map((code) => ({ code, name: code })) } });
  operator = await e.stack.user({ username: 'operator', role: 'operator' });
  cookie = await signIn(e.stack.url, operator.username, operator.password);
  for (const code of OFFICES)
    await addSimCamera(e.stack, cookie, { kelurahanCode: code, n: 1, name: 'Loket', placement: 'desks' });
});
afterAll(async () => {
  await e?.stop();
});
afterEach(async () => {
  await closeApp(app);
  app = null;
});

describe('the video wall', () => {
  it('plays the page shown over fMP4 (sub stream), and only that page', async () => {
    app = await signedIn(e, VIEWPORTS.wall, operator);
    const wall = new VideoWallPage(app.page);
    await wall.open('?grid=2&rotate=0');
    expect(await wall.tiles.count()).toBe(4);
    const first = (await wall.tileCameras())[0]!;
    const player = wall.player(first);
    await player.waitForFrames(10);
    expect(await player.transport()).toBe('fmp4');
    expect(await player.root.getAttribute('data-stream')).toBe('sub');
    expect(await wall.activePlayers()).toBeLessThanOrEqual(4);
    await saveScreenshot(app.page, 'wall-video');
  });

  it('turns pages by itself, and not while the pointer is on the grid', async () => {
    app = await signedIn(e, VIEWPORTS.wall, operator);
    const wall = new VideoWallPage(app.page);
    await wall.open('?grid=2&rotate=10');
    expect((await wall.pageNumber()).pages).toBe(2);
    await wall.waitForPage(1, 15_000);
    await app.page.getByTestId('video-grid').hover();
    await app.page.getByText(/dijeda|paused/).waitFor();
  });

  it('filters per kecamatan and follows alerts', async () => {
    app = await signedIn(e, VIEWPORTS.wall, operator);
    const wall = new VideoWallPage(app.page);
    await wall.open('?grid=3&rotate=0&kecamatan=16.71.02');
    expect(new Set((await wall.tileKelurahan()).map((c) => c.slice(0, 8)))).toEqual(new Set(['16.71.02']));
    await wall.kecamatan.selectOption('');
    await wall.follow.click();
    await app.page.locator('[data-testid=video-wall][data-follow=true]').waitFor();
  });

  it('says "stale since" when a camera stops sending, never showing a frozen picture as live', async () => {
    app = await signedIn(e, VIEWPORTS.wall, operator);
    const wall = new VideoWallPage(app.page);
    await wall.open('?grid=2&rotate=0');
    const id = (await wall.tileCameras())[0]!;
    const player = wall.player(id);
    await player.waitForFrames(5);
    // Pointing the camera at an address nobody answers: the media node drops the pull, frames stop.
    await fetch(`${e.stack.url}/api/v1/cameras/${id}`, {
      method: 'PATCH',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ rtspMain: `rtsp://127.0.0.1:9/gone`, rtspSub: `rtsp://127.0.0.1:9/gone` }),
    });
    // Whichever notices first, the player (no frames) or the media node's verdict over the socket
    // (the tile then shows the last snapshot): the tile says since when, and nothing claims live.
    const stale = wall.tile(id).getByTestId('stale-badge');
    await stale.waitFor({ timeout: 10_000 });
    expect(await stale.textContent()).toMatch(/^Terhenti sejak \d{2}[.:]\d{2}$/);
    expect(await player.liveBadge.count()).toBe(0);
    // The verdict reaches the tile over the socket, well before the list's reload (60 s).
    await wall.tile(id).and(app.page.locator('[data-health=offline]')).waitFor({ timeout: 30_000 });
    await stale.waitFor({ timeout: 5_000 });
    expect(await wall.tile(id).getByTestId('live-badge').count()).toBe(0);
  });
});
