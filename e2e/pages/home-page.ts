import type { Locator, Page } from 'playwright-core';

/** The mayor's phone view (`/`): the glance, the search box and the attention-sorted list. */
export class HomePage {
  readonly root: Locator;
  readonly search: Locator;
  readonly rows: Locator;
  readonly glance: Locator;
  readonly banner: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('home');
    this.search = page.getByTestId('search');
    this.rows = page.getByTestId('kelurahan-row');
    this.glance = page.getByTestId('glance');
    this.banner = page.getByTestId('connection-banner');
  }

  async open(): Promise<void> {
    await this.page.goto('/');
    await this.ready();
  }

  async ready(): Promise<void> {
    await this.page.locator('[data-testid=home][data-phase=ready]').waitFor();
    await this.rows.first().waitFor();
  }

  row(code: string): Locator {
    return this.page.locator(`[data-testid=kelurahan-row][data-code="${code}"]`);
  }

  async codes(): Promise<string[]> {
    return this.rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-code') ?? ''));
  }

  async statuses(): Promise<string[]> {
    return this.rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-status') ?? ''));
  }

  /** Types a query and waits until the list shows the office first. */
  async searchFor(query: string, expectFirst: string): Promise<void> {
    await this.search.fill(query);
    await this.page
      .locator(`[data-testid=kelurahan-list] li:first-child [data-code="${expectFirst}"]`)
      .waitFor();
  }

  statusFilter(status: string): Locator {
    return this.page.getByTestId(`glance-status-${status}`);
  }

  /** The document's width against the viewport's (no sideways scrolling on a phone). */
  async overflowX(): Promise<number> {
    return this.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  }
}
