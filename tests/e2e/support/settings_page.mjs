// Page object for a connection's settings: tabs, fields, Test Connection
// and its result region.
import { screenshotPath } from './browser.mjs';

export class SettingsPage {
  constructor(page, baseUrl) {
    this.page = page;
    this.baseUrl = baseUrl;
  }

  async open(id, side) {
    await this.page.goto(`${this.baseUrl}/connections/${id}/settings/${side}`);
    await this.testButton.waitFor();
  }

  tab(name) { return this.page.getByRole('tab', { name: new RegExp(`^${name}`) }); }
  field(label) { return this.page.getByLabel(label, { exact: true }); }
  get testButton() { return this.page.getByRole('button', { name: 'Test Connection', exact: true }); }
  /** The live region: headline, message, guidance. */
  get result() { return this.page.getByRole('status'); }
  /** The whole badge box: the live region plus steps and figures. */
  get badge() { return this.page.locator('.result'); }
  get headline() { return this.result.locator('.badge__headline'); }

  /** Clicks Test Connection and waits for the run to finish. */
  async runTest() {
    // Mark the headline of the previous run so the wait below cannot mistake
    // it for the new result (each result renders a new headline).
    await this.page.evaluate(() => document.querySelectorAll('[role=status] .badge__headline')
      .forEach((h) => { h.dataset.previous = 'true'; }));
    await this.testButton.click();
    await this.page.waitForFunction(() => document.querySelector('[role=status]')?.getAttribute('aria-busy') === 'false'
      && document.querySelector('[role=status] .badge__headline:not([data-previous])'));
  }

  /** Fills `values` (field label → value), clicks Test Connection and
   * waits for `errors` (field id → message) inline; answers how many tests
   * were sent meanwhile. */
  async submitInvalid(values, errors) {
    let sent = 0;
    const count = (r) => { if (r.url().endsWith('/test')) sent += 1; };
    this.page.on('request', count);
    for (const [label, value] of Object.entries(values)) await this.field(label).fill(value);
    await this.testButton.click();
    for (const [id, message] of Object.entries(errors)) {
      await this.page.locator(`#${id}-error`, { hasText: message }).waitFor();
    }
    this.page.off('request', count);
    return sent;
  }

  async screenshot(name) {
    await this.page.screenshot({ path: screenshotPath(name), fullPage: true });
  }
}
