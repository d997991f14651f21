import type { Locator, Page } from 'playwright-core';

/** A finding at its own address (`/findings/:id`): where a push notification's tap opens. */
export class FindingPage {
  readonly root: Locator;
  readonly card: Locator;
  readonly history: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('finding-page');
    this.card = this.root.getByTestId('finding');
    this.history = page.getByTestId('finding-history');
  }

  async open(id: number): Promise<void> {
    await this.page.goto(`/findings/${id}`);
    await this.ready();
  }

  async ready(): Promise<void> {
    await this.page.locator('[data-testid=finding-page][data-phase=ready]').waitFor();
  }
}
