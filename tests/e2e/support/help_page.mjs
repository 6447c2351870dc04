// Page object for the help center: an article, its votes, its comments,
// and the sign-in page.
import { screenshotPath } from './browser.mjs';

export class HelpPage {
  constructor(page, baseUrl) {
    this.page = page;
    this.baseUrl = baseUrl;
  }

  async open(slug, hash = '') {
    await this.page.goto(`${this.baseUrl}/help/${slug}${hash}`);
    await this.page.locator('.article__body').waitFor();
    // The thread has loaded once the reader is known and the list is idle.
    await this.page.waitForFunction(() => document.querySelector('.comments__list')?.getAttribute('aria-busy') === 'false'
      && (document.querySelector('.comments__signin') || document.querySelector('.comment-form')));
  }

  get signInPrompt() { return this.page.locator('.comments__signin'); }
  get commentBox() { return this.page.getByLabel(/^Comment as /); }
  get postButton() { return this.page.getByRole('button', { name: 'Post comment' }); }
  get comments() { return this.page.locator('.comments__list > li.comment'); }
  get commentCount() { return this.page.locator('#comments-title'); }
  comment(text) { return this.comments.filter({ hasText: text }); }
  voteButton(name) { return this.page.locator('.vote').getByRole('button', { name: new RegExp(`^${name}`) }); }

  async signIn(email, password) {
    await this.page.getByRole('link', { name: 'Sign in' }).first().click();
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.page.locator('.topbar__user').waitFor();
  }

  async signOut() {
    await this.page.getByRole('button', { name: 'Sign out' }).click();
    await this.page.locator('.topbar__signin').waitFor();
  }

  /** Types a comment and posts it; waits until it is listed. */
  async post(text) {
    const before = await this.comments.count();
    await this.commentBox.fill(text);
    await this.postButton.click();
    await this.page.waitForFunction((n) => document.querySelectorAll('.comments__list > li.comment').length > n, before);
  }

  async screenshot(name) {
    await this.page.screenshot({ path: screenshotPath(name), fullPage: true });
  }
}
