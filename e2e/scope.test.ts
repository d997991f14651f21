import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HomePage } from './pages/home-page.ts';
import { KelurahanPage } from './pages/kelurahan-page.ts';
import { WallPage } from './pages/wall-page.ts';
import { closeApp, DEVICE_VARIANTS, saveScreenshot, type AppPage } from './support/browser.ts';
import { seedCity } from './support/city.ts';
import { signedIn, startE2E, type E2E } from './support/fixture.ts';
import type { StackUser } from './support/stack.ts';

/** A camat of Ilir Barat Dua (7 kelurahan) and a lurah of 35 Ilir; offices seeded in their kecamatan and the next. */
const KEC = '16.71.01';
const KEL = '16.71.01.1001';

let e: E2E;
let own: string[];
let foreign: string;
let camat: StackUser & { password: string };
let lurah: StackUser & { password: string };
let app: AppPage | null = null;

beforeAll(async () => {
  e = await startE2E();
  own = e.stack.ctx.registry.inKecamatan(KEC).map((k) => k.code);
  const next = e.stack.ctx.registry.inKecamatan('16.71.02').map((k) => k.code);
  foreign = next[0]!;
  await seedCity(e.stack, { codes: [...own, ...next] });
  camat = await e.stack.user({
    username: 'camat',
    role: 'camat',
    displayName: 'Camat Ilir Barat Dua',
    kecamatanCode: KEC,
  });
  lurah = await e.stack.user({
    username: 'lurah',
    role: 'lurah',
    displayName: 'Lurah 35 Ilir',
    kecamatanCode: KEC,
    kelurahanCode: KEL,
  });
});
afterAll(() => e?.stop());
afterEach(async () => {
  await closeApp(app);
  app = null;
});

describe.each(DEVICE_VARIANTS)('a camat sees only their own kecamatan ($name)', (vp) => {
  it('on the wall: its polygons, its kelurahan in the strip, its title', async () => {
    app = await signedIn(e, vp, camat);
    const wall = new WallPage(app.page);
    await wall.open();
    const codes = await wall.polygons.evaluateAll((els) => els.map((el) => el.getAttribute('data-code')));
    expect(codes.sort()).toEqual([...own].sort());
    expect(await wall.strip.count()).toBe(own.length);
    expect(await app.page.locator('.wall-header__title').innerText()).toBe('Kecamatan Ilir Barat Dua');
    await saveScreenshot(app.page, `${vp.name}-wall-camat`);
  });

  it('on the phone list, and nothing else', async () => {
    app = await signedIn(e, vp, camat);
    const home = new HomePage(app.page);
    await home.ready();
    expect((await home.codes()).sort()).toEqual([...own].sort());
    await home.search.fill('Plaju');
    await app.page.getByText('Tidak ada kelurahan yang cocok.').waitFor();
  });

  it('opens its own kelurahan, and is refused another kecamatan’s', async () => {
    app = await signedIn(e, vp, camat);
    const kel = new KelurahanPage(app.page);
    await kel.open(own[1]!);
    await kel.ready(own[1]!);
    await kel.open(foreign);
    await kel.outOfScope.waitFor();
    expect(await kel.outOfScope.innerText()).toContain('Di luar wilayah Anda');
  });
});

describe.each(DEVICE_VARIANTS)('a lurah sees only their own kelurahan ($name)', (vp) => {
  it('lands on it, sees one polygon on the wall, and is refused the neighbour', async () => {
    app = await signedIn(e, vp, lurah);
    const kel = new KelurahanPage(app.page);
    await kel.ready(KEL);
    const wall = new WallPage(app.page);
    await wall.open();
    expect(await wall.polygons.count()).toBe(1);
    expect(await wall.polygon(KEL).count()).toBe(1);
    await kel.open(own[1]!);
    await kel.outOfScope.waitFor();
  });
});
