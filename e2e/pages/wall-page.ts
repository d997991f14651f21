import type { Locator, Page } from 'playwright-core';

/** The command-center wall (`/wall`). */
export class WallPage {
  readonly root: Locator;
  readonly map: Locator;
  readonly polygons: Locator;
  readonly banner: Locator;
  readonly pill: Locator;
  readonly ticker: Locator;
  readonly tickerItems: Locator;
  readonly tooltip: Locator;
  readonly clock: Locator;
  readonly strip: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('wall');
    this.map = page.locator('.kel-map[data-ready=true]');
    this.polygons = page.locator('path.kel-polygon');
    this.banner = page.getByTestId('connection-banner');
    this.pill = page.getByTestId('connection-pill');
    this.ticker = page.getByTestId('ticker');
    this.tickerItems = this.ticker.locator('li');
    this.tooltip = page.locator('.leaflet-tooltip.kel-tooltip');
    this.clock = page.getByTestId('wall-clock');
    this.strip = page.getByTestId('area-strip').locator('.strip-card');
  }

  async open(): Promise<void> {
    await this.page.goto('/wall');
    await this.ready();
  }

  /** Live data in and the map drawn, with every polygon coloured. */
  async ready(): Promise<void> {
    await this.page.locator('[data-testid=wall][data-phase=ready]').waitFor();
    await this.map.waitFor();
    await this.page.locator('path.kel-polygon[data-status]').first().waitFor();
  }

  polygon(code: string): Locator {
    return this.page.locator(`path.kel-polygon[data-code="${code}"]`);
  }

  async polygonFill(code: string): Promise<string | null> {
    return this.polygon(code).getAttribute('fill');
  }

  /** Resolves once the polygon shows the status (the map sets data-status with the style). */
  async waitForStatus(code: string, status: string, timeout?: number): Promise<void> {
    await this.page
      .locator(`path.kel-polygon[data-code="${code}"][data-status="${status}"]`)
      .waitFor({ timeout });
  }

  counter(id: 'staff' | 'waiting' | 'longest-wait' | 'desks' | 'devices-offline' | 'late'): Locator {
    return this.page.getByTestId(`counter-${id}`).locator('.counter__value');
  }

  async counterValue(id: Parameters<WallPage['counter']>[0]): Promise<string> {
    return (await this.counter(id).getAttribute('data-value')) ?? '';
  }

  /** Resolves once a counter reads the value. */
  async waitForCounter(
    id: Parameters<WallPage['counter']>[0],
    value: string,
    timeout?: number,
  ): Promise<void> {
    await this.page
      .locator(`[data-testid=counter-${id}] .counter__value[data-value="${value}"]`)
      .waitFor({ timeout });
  }

  legendCount(status: string): Locator {
    return this.page.getByTestId(`legend-count-${status}`);
  }

  /** Hovers the middle of an office's polygon and returns its tooltip text. */
  async hover(code: string): Promise<string> {
    await this.polygon(code).hover({ force: true });
    // The tooltip of a polygon the pointer left may still be closing: wait until only ours is open.
    await this.page.waitForFunction(
      () => document.querySelectorAll('.leaflet-tooltip.kel-tooltip').length === 1,
    );
    return this.tooltip.innerText();
  }

  /** The status colour the theme defines, as the map paints it. */
  async statusColour(status: string): Promise<string> {
    return this.page.evaluate(
      (s) => getComputedStyle(document.querySelector('.kel-map')!).getPropertyValue(`--status-${s}`).trim(),
      status,
    );
  }

  /** Page size against the viewport (a kiosk never scrolls). */
  async scrollSize(): Promise<{
    scrollWidth: number;
    scrollHeight: number;
    innerWidth: number;
    innerHeight: number;
    fontPx: number;
  }> {
    return this.page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      scrollHeight: document.documentElement.scrollHeight,
      innerWidth: window.innerWidth,
      innerHeight: window.innerHeight,
      fontPx: parseFloat(getComputedStyle(document.querySelector('.wall')!).fontSize),
    }));
  }
}
