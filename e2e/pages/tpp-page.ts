import type { Locator, Page } from 'playwright-core';

/** TPP per Unit (`/tpp`): the month's table, a line's drill-down, HR's period actions. */
export class TppPage {
  readonly root: Locator;
  readonly month: Locator;
  readonly state: Locator;
  readonly rows: Locator;
  readonly line: Locator;
  readonly deductions: Locator;
  readonly assumptions: Locator;
  readonly notice: Locator;
  readonly run: Locator;
  readonly lock: Locator;
  readonly publish: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('tpp');
    this.month = page.getByTestId('tpp-month');
    this.state = page.getByTestId('tpp-state');
    this.rows = page.getByTestId('tpp-row');
    this.line = page.getByTestId('tpp-line');
    this.deductions = this.line.getByTestId('tpp-deduction');
    this.assumptions = page.getByTestId('tpp-assumptions');
    this.notice = page.getByTestId('tpp-notice');
    this.run = page.getByTestId('tpp-run');
    this.lock = page.getByTestId('tpp-lock');
    this.publish = page.getByTestId('tpp-publish');
  }

  async open(month: string): Promise<void> {
    await this.page.goto('/tpp');
    await this.root.waitFor();
    await this.month.fill(month);
    await this.assumptions.waitFor();
  }

  row(nip: string): Locator {
    return this.page.locator(`[data-testid=tpp-row][data-nip="${nip}"]`);
  }

  async openLine(nip: string): Promise<void> {
    await this.row(nip).getByRole('button').click();
    await this.line.waitFor();
  }

  async stateIs(text: string): Promise<void> {
    await this.page.locator(`[data-testid=tpp-state]:text-is("${text}")`).waitFor();
  }
}
