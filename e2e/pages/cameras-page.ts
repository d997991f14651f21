import type { Locator, Page } from 'playwright-core';

/** The operator's camera screen (`/cameras`). */
export class CamerasPage {
  readonly root: Locator;
  readonly rows: Locator;
  readonly add: Locator;
  readonly form: Locator;
  readonly zoneCanvas: Locator;
  readonly zoneItems: Locator;
  readonly zoneMessage: Locator;
  readonly viewRows: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('cameras-view');
    this.rows = page.getByTestId('camera-row');
    this.add = page.getByTestId('camera-add');
    this.form = page.getByTestId('camera-form');
    this.zoneCanvas = page.getByTestId('zone-canvas');
    this.zoneItems = page.getByTestId('zone-item');
    this.zoneMessage = page.getByTestId('zone-message');
    this.viewRows = page.getByTestId('live-view-row');
  }

  async open(kecamatan: string): Promise<void> {
    await this.page.goto(`/cameras?kecamatan=${kecamatan}`);
    await this.page.locator('[data-testid=cameras-view][data-phase=ready]').waitFor();
  }

  row(cameraId: string): Locator {
    return this.page.locator(`[data-testid=camera-row][data-camera="${cameraId}"]`);
  }

  rowNamed(name: string): Locator {
    return this.rows.filter({ hasText: name });
  }

  tab(id: 'edit' | 'zones' | 'views'): Locator {
    return this.page.getByTestId(`camera-tab-${id}`);
  }

  async fillNew(c: {
    kelurahanCode: string;
    name: string;
    rtspMain: string;
    rtspSub?: string;
  }): Promise<void> {
    await this.add.click();
    await this.form.waitFor();
    await this.page.getByTestId('form-kelurahan').selectOption(c.kelurahanCode);
    await this.page.getByTestId('form-name').fill(c.name);
    await this.page.getByTestId('form-rtsp-main').fill(c.rtspMain);
    if (c.rtspSub) await this.page.getByTestId('form-rtsp-sub').fill(c.rtspSub);
  }

  async save(): Promise<void> {
    await this.page.getByTestId('form-save').click();
  }

  /** Clicks points on the snapshot (fractions of it), names the desk and closes the zone. */
  async drawZone(desk: string, points: [number, number][]): Promise<void> {
    const box = await this.zoneCanvas.boundingBox();
    if (!box) throw new Error('zone canvas not shown');
    for (const [x, y] of points) await this.page.mouse.click(box.x + box.width * x, box.y + box.height * y);
    await this.page.getByTestId('zone-desk').fill(desk);
    await this.page.getByTestId('zone-close').click();
  }

  async saveZones(): Promise<void> {
    await this.page.getByTestId('zone-save').click();
    await this.zoneMessage.waitFor();
  }
}
