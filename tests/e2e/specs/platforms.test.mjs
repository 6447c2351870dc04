// Every platform is reachable in the UI: the seeded demo connection that
// holds it renders its fields from the catalog and passes with the saved
// sandbox credentials; a merchant site over plain http is refused inline.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SettingsPage } from '../support/settings_page.mjs';
import { demoServerAndBrowser } from '../support/demo.mjs';

const env = demoServerAndBrowser();

const here = dirname(fileURLToPath(import.meta.url));
// Each platform's sandbox inputs and seeded connection, generated from the
// server's fixtures (server/src/platforms/<name>/fixtures.rs; a server test
// keeps this file equal to them).
const PLATFORMS = JSON.parse(readFileSync(resolve(here, '../../fixtures/platforms.json'), 'utf8'));
const WOO = PLATFORMS.woocommerce;

describe('Every platform in the browser', () => {
  for (const { name, side, connection, working } of Object.values(PLATFORMS)) {
    test(`${name} passes with its saved credentials (connection ${connection}, ${side})`, async (t) => {
      const page = await t.pages.open({ viewport: { width: 1100, height: 1000 } });
      const s = new SettingsPage(page, env.server.url);
      await s.open(connection, side);
      assert.equal(await page.locator('.credentials__title').innerText(), `${name} credentials`);
      // Every field of the platform, keyed as the fixtures key it.
      for (const key of Object.keys(working)) await page.locator(`#${side}-${key}`).waitFor();
      await s.runTest();
      assert.equal(await s.headline.innerText(), 'Success!', `${name}: ${await s.badge.innerText()}`);
    });
  }

  test('WooCommerce: a plain-http store URL is refused inline', async (t) => {
    const page = await t.pages.open();
    const s = new SettingsPage(page, env.server.url);
    await s.open(WOO.connection, 'store');
    const sent = await s.submitInvalid({ 'Store URL': WOO.working.site_url.replace('https://', 'http://') }, { 'store-site_url': 'must use https' });
    assert.equal(sent, 0);
    await s.screenshot('woocommerce-http-refused');
  });

  test('WooCommerce: a site on this machine is an address not allowed', async (t) => {
    const page = await t.pages.open({ viewport: { width: 1100, height: 1000 } });
    const s = new SettingsPage(page, env.server.url);
    await s.open(WOO.connection, 'store');
    await s.field('Store URL').fill('https://localhost');
    // A changed site needs its keys typed again.
    await s.field('Consumer key').fill('ck_typed_for_this_site_01');
    await s.field('Consumer secret').fill('cs_typed_for_this_site_01');
    await s.runTest();
    assert.equal(await s.headline.innerText(), 'Address not allowed');
    assert.match(await s.badge.getAttribute('class'), /badge--error/);
    assert.match(await s.result.innerText(), /localhost was refused: this machine's own addresses are not allowed/);
    assert.match(await s.result.locator('.badge__guidance').innerText(), /public https address/);
    assert.equal(await s.badge.locator('.badge__help').getAttribute('href'), '/help/test-connection#blocked-destination');
    assert.equal(await s.badge.locator('.step--failed').count(), 1);
    await s.screenshot('woocommerce-blocked-destination');
  });
});
