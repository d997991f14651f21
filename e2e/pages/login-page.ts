import type { Locator, Page } from 'playwright-core';

/** The sign-in form. */
export class LoginPage {
  readonly form: Locator;
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByTestId('login-form');
    this.username = page.locator('#username');
    this.password = page.locator('#password');
    this.submit = this.form.locator('button[type=submit]');
    this.error = page.getByTestId('login-error');
  }

  async open(path = '/login'): Promise<void> {
    await this.page.goto(path);
    await this.form.waitFor();
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.username.fill(username);
    await this.password.fill(password);
    await this.submit.click();
  }

  languageButton(lang: 'id' | 'en'): Locator {
    return this.page.getByTestId('language-switch').locator(`button[lang=${lang}]`);
  }
}
