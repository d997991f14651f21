import type { Locator, Page } from 'playwright-core';

/** Organisasi (`/organisasi`): units with their officers and superiors, an officer's history, import and export. */
export class OrganisasiPage {
  readonly root: Locator;
  readonly units: Locator;
  readonly rows: Locator;
  readonly history: Locator;
  readonly file: Locator;
  readonly preview: Locator;
  readonly apply: Locator;
  readonly errors: Locator;
  readonly result: Locator;
  readonly exportCsv: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('organisasi');
    this.units = page.getByTestId('org-unit');
    this.rows = page.getByTestId('org-row');
    this.history = page.getByTestId('org-history');
    this.file = page.getByTestId('org-import-file');
    this.preview = page.getByTestId('org-import-preview');
    this.apply = page.getByTestId('org-import-apply');
    this.errors = page.getByTestId('org-import-errors');
    this.result = page.getByTestId('org-import-result');
    this.exportCsv = page.getByTestId('org-export-csv');
  }

  async open(): Promise<void> {
    await this.page.goto('/organisasi');
    await this.root.waitFor();
  }

  row(nip: string): Locator {
    return this.page.locator(`[data-testid=org-row][data-nip="${nip}"]`);
  }

  async choose(name: string, content: string): Promise<void> {
    await this.file.setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
  }

  /** The error table's rows as [row, column, reason]. */
  async errorRows(): Promise<string[][]> {
    return this.errors
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
  }
}
