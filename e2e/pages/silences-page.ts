import type { Locator, Page } from 'playwright-core';

/** Pembisuan (`/silences`) and its calendar tab (`/silences/calendar`): silences, the new-silence form, outages, holidays. */
export class SilencesPage {
  readonly root: Locator;
  readonly silences: Locator;
  readonly matchers: Locator;
  readonly matchersError: Locator;
  readonly length: Locator;
  readonly comment: Locator;
  readonly commentError: Locator;
  readonly submit: Locator;
  readonly created: Locator;
  readonly holidays: Locator;
  readonly outageForm: Locator;
  readonly outages: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('silences');
    this.silences = page.getByTestId('silence');
    this.matchers = page.getByTestId('silence-matchers');
    this.matchersError = page.getByTestId('silence-matchers-error');
    this.length = page.getByTestId('silence-length');
    this.comment = page.getByTestId('silence-comment');
    this.commentError = page.getByTestId('silence-comment-error');
    this.submit = page.getByTestId('silence-submit');
    this.created = page.getByTestId('silence-created');
    this.holidays = page.getByTestId('holiday');
    this.outageForm = page.getByTestId('outage-form');
    this.outages = page.getByTestId('outages').getByTestId('silence');
  }

  async open(tab: 'silences' | 'calendar' = 'silences'): Promise<void> {
    await this.page.goto(tab === 'calendar' ? '/silences/calendar' : '/silences');
    await this.ready(tab);
  }

  async ready(tab: 'silences' | 'calendar' = 'silences'): Promise<void> {
    await this.page.locator(`[data-testid=silences][data-phase=ready][data-tab=${tab}]`).waitFor();
  }

  /** The listed silence whose matchers read exactly so (Alertmanager syntax). */
  silence(matchers: string): Locator {
    return this.silences.filter({
      has: this.page.getByTestId('silence-matchers-text').getByText(matchers, { exact: true }),
    });
  }

  async create(matchers: string, comment: string, length?: string): Promise<void> {
    await this.matchers.fill(matchers);
    if (length) await this.length.selectOption(length);
    await this.comment.fill(comment);
    await this.submit.click();
  }

  async declareOutage(o: {
    kelurahan: string;
    date: string;
    from: string;
    until: string;
    reason: string;
  }): Promise<void> {
    const f = this.outageForm;
    await f.getByTestId('outage-kelurahan').selectOption(o.kelurahan);
    await f.getByTestId('outage-from-date').fill(o.date);
    await f.getByTestId('outage-from-time').fill(o.from);
    await f.getByTestId('outage-until-date').fill(o.date);
    await f.getByTestId('outage-until-time').fill(o.until);
    await f.getByTestId('outage-comment').fill(o.reason);
    await f.getByTestId('outage-submit').click();
  }
}
