import type { Locator, Page } from 'playwright-core';

/** The frame around the screens: navigation by role, language, the user, sign-out. */
export class AppShell {
  readonly nav: Locator;
  readonly logout: Locator;
  readonly user: Locator;
  readonly unavailable: Locator;

  constructor(readonly page: Page) {
    this.nav = page.locator('.topbar__nav a');
    this.logout = page.getByTestId('logout');
    this.user = page.getByTestId('user-name');
    this.unavailable = page.getByTestId('unavailable');
  }

  async navKeys(): Promise<string[]> {
    return this.nav.evaluateAll((els) =>
      els.map((e) => (e.getAttribute('data-testid') ?? '').replace('nav-', '')),
    );
  }

  language(lang: 'id' | 'en'): Locator {
    return this.page.getByTestId('language-switch').first().locator(`button[lang=${lang}]`);
  }
}
