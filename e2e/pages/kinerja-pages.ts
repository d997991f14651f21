import type { Locator, Page } from 'playwright-core';

/** Bulan Saya (/bulan-saya): the officer's month. */
export class MyMonthPage {
  readonly root: Locator;
  readonly targets: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByTestId('my-month');
    this.targets = page.getByTestId('target');
  }
  async open(): Promise<void> {
    await this.page.goto('/bulan-saya');
    await this.targets.first().waitFor();
  }
  countdown(): Locator {
    return this.targets.first().getByTestId('countdown');
  }
  async submit(realised: number, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    const t = this.targets.first();
    await t.getByTestId('realised').fill(String(realised));
    await t.getByTestId('evidence-file').setInputFiles(file);
    await t.getByTestId('submit-realisation').click();
  }
  status(): Locator {
    return this.targets.first().getByTestId('realisation-status');
  }
  signature(): Locator {
    return this.targets.first().getByTestId('signature').first();
  }
}

/** Antrian Verifikasi (/verifikasi). */
export class VerificationPage {
  readonly items: Locator;
  readonly empty: Locator;
  constructor(readonly page: Page) {
    this.items = page.getByTestId('queue-item');
    this.empty = page.getByTestId('queue-empty');
  }
  async open(): Promise<void> {
    await this.page.goto('/verifikasi');
    await this.page.getByTestId('verification').waitFor();
  }
  signature(): Locator {
    return this.items.first().getByTestId('signature').first();
  }
  async validateFirst(): Promise<void> {
    await this.items.first().getByTestId('validate').click();
  }
}
