import type { Locator, Page } from 'playwright-core';

/** The inbox (`/inbox`): the open findings of the user's area, filters, each finding's evidence. */
export class InboxPage {
  readonly root: Locator;
  readonly findings: Locator;
  readonly empty: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('inbox');
    this.findings = page.getByTestId('finding');
    this.empty = page.getByTestId('inbox-empty');
  }

  async open(): Promise<void> {
    await this.page.goto('/inbox');
    await this.ready();
  }

  async ready(): Promise<void> {
    await this.page.locator('[data-testid=inbox][data-phase=ready]').waitFor();
  }

  finding(kind: string): Locator {
    return this.page.locator(`[data-testid=finding][data-kind="${kind}"]`);
  }

  filter(severity: 'critical' | 'warning' | 'info'): Locator {
    return this.page.getByTestId(`filter-${severity}`);
  }
}
