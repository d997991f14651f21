import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Camera } from '@pkk/core';
import { CamerasPage } from './pages/cameras-page.ts';
import { closeApp, DEVICE_VARIANTS, saveScreenshot, type AppPage } from './support/browser.ts';
import { signedIn, startE2E, type E2E } from './support/fixture.ts';
import { signIn } from './support/seed.ts';
import type { StackUser } from './support/stack.ts';

/**
 * The operator's camera screen against the real api (docs/video.md): needs the camera routes only,
 * no media node. RTSP URLs are written and never come back, zones drawn on the screen are what the
 * api stores, and who watched lists the plays.
 */
const KEC = '16.71.01';
const KEL = '16.71.01.1001';
const SECRET = 'rtsp://admin:s3cr3t-pass@10.9.8.7:554/Streaming/101';

let e: E2E;
let operator: StackUser & { password: string };
let cookie: string;
let app: AppPage | null = null;

async function apiCall<T>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T; text: string }> {
  const res = await fetch(`${e.stack.url}${path}`, {
    method,
    headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : null) as T, text };
}

beforeAll(async () => {
  e = await startE2E();
  operator = await e.stack.user({ username: 'operator', role: 'operator', displayName: 'Operator Kominfo' });
  cookie = await signIn(e.stack.url, operator.username, operator.password);
});
afterAll(async () => {
  await e?.stop();
});
afterEach(async () => {
  await closeApp(app);
  app = null;
});

describe.each(DEVICE_VARIANTS)('the camera screen ($name)', (vp) => {
  it('adds a camera whose RTSP URL is never shown back, in the page or in the api', async () => {
    app = await signedIn(e, vp, operator);
    const cams = new CamerasPage(app.page);
    await cams.open(KEC);
    const name = `Loket ${vp.name}`;
    await cams.fillNew({ kelurahanCode: KEL, name, rtspMain: SECRET });
    await cams.save();
    await cams.rowNamed(name).waitFor();
    await cams.rowNamed(name).click();
    await cams.form.waitFor();
    expect(await app.page.content()).not.toContain('s3cr3t-pass');
    expect(await app.page.getByTestId('form-rtsp-main').inputValue()).toBe('');
    const list = await apiCall<{ items: Camera[] }>('GET', `/api/v1/cameras?kelurahan=${KEL}`);
    expect(list.text).not.toContain('s3cr3t-pass');
    expect(list.json.items.map((c) => c.name)).toContain(name);
    await saveScreenshot(app.page, `${vp.name}-cameras`);
  });

  it('draws a desk zone on the snapshot and saves it as fractions of the image', async () => {
    const created = await apiCall<{ camera: Camera }>('POST', '/api/v1/cameras', {
      kelurahanCode: KEL,
      name: `Zona ${vp.name}`,
      placement: 'desks',
      rtspMain: SECRET,
    });
    expect(created.status).toBe(201);
    const id = created.json.camera.id;
    app = await signedIn(e, vp, operator);
    const cams = new CamerasPage(app.page);
    await app.page.goto(`/cameras?kecamatan=${KEC}&camera=${id}&tab=zones`);
    await cams.zoneCanvas.waitFor();
    await cams.drawZone('Loket 1', [
      [0.1, 0.2],
      [0.4, 0.2],
      [0.4, 0.6],
      [0.1, 0.6],
    ]);
    expect(await cams.zoneItems.getAttribute('data-desk')).toBe('loket-1');
    await cams.saveZones();
    expect(await cams.zoneMessage.getAttribute('role')).toBe('status');
    const after = await apiCall<{ items: Camera[] }>('GET', `/api/v1/cameras?kelurahan=${KEL}`);
    const zone = after.json.items.find((c) => c.id === id)!.zones[0]!;
    expect(zone.desk).toBe('loket-1');
    expect(zone.polygon).toHaveLength(4);
    for (const [x, y] of zone.polygon) {
      expect(x).toBeGreaterThanOrEqual(0.05);
      expect(x).toBeLessThanOrEqual(0.45);
      expect(y).toBeGreaterThanOrEqual(0.15);
      expect(y).toBeLessThanOrEqual(0.65);
    }
  });

  it('lists who watched a camera', async () => {
    const created = await apiCall<{ camera: Camera }>('POST', '/api/v1/cameras', {
      kelurahanCode: KEL,
      name: `Audit ${vp.name}`,
      placement: 'hall',
      rtspMain: SECRET,
    });
    const id = created.json.camera.id;
    const play = await apiCall('POST', `/api/v1/cameras/${id}/play`, { stream: 'sub' });
    expect(play.status).toBe(201);
    app = await signedIn(e, vp, operator);
    const cams = new CamerasPage(app.page);
    await app.page.goto(`/cameras?kecamatan=${KEC}&camera=${id}&tab=views`);
    await cams.viewRows.first().waitFor();
    expect(await cams.viewRows.first().getAttribute('data-user')).toBe('operator');
  });
});

describe('who may manage cameras', () => {
  it('keeps the camera screen and its nav entry from a camat', async () => {
    const camat = await e.stack.user({ username: 'camat-video', role: 'camat', kecamatanCode: KEC });
    app = await signedIn(e, DEVICE_VARIANTS[0]!, camat);
    expect(await app.page.getByTestId('nav-cameras').count()).toBe(0);
    await app.page.goto('/cameras');
    await app.page.getByTestId('unavailable').waitFor();
  });
});
