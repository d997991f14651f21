import type { Locator, Page } from 'playwright-core';
import { LivePlayerView } from './live-player.ts';

/** One office live (`/kelurahan/:code`). */
export class KelurahanPage {
  readonly root: Locator;
  readonly desks: Locator;
  readonly rosterRows: Locator;
  readonly devices: Locator;
  readonly chart: Locator;
  readonly outOfScope: Locator;
  /** The focused camera of the office (the live view at the top). */
  readonly player: LivePlayerView;
  readonly cameraTabs: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('kelurahan-view');
    this.desks = page.getByTestId('desk');
    this.rosterRows = page.getByTestId('roster-row');
    this.devices = page.getByTestId('device');
    this.chart = page.locator('[data-testid=waiting-chart] canvas');
    this.outOfScope = page.getByTestId('out-of-scope');
    this.player = new LivePlayerView(page.getByTestId('panel-cameras').getByTestId('live-player'));
    this.cameraTabs = page.getByTestId('camera-tab');
  }

  async open(code: string): Promise<void> {
    await this.page.goto(`/kelurahan/${code}`);
  }

  async ready(code: string): Promise<void> {
    await this.page
      .locator(`[data-testid=kelurahan-view][data-code="${code}"]:not([data-status=loading])`)
      .waitFor();
  }

  async status(): Promise<string | null> {
    return this.root.getAttribute('data-status');
  }

  panel(id: 'queue' | 'desks' | 'chart' | 'roster' | 'devices' | 'cameras' | 'findings'): Locator {
    return this.page.getByTestId(`panel-${id}`);
  }

  kpi(id: 'waiting' | 'longest' | 'served' | 'staff'): Locator {
    return this.page.getByTestId(`kpi-${id}`).locator('.kpis__value');
  }
}
