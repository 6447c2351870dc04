// Every platform is reachable in the UI: each seeded demo connection's
// Store and Warehouse tabs render that platform's fields from the catalog
// and pass with the saved sandbox credentials; a merchant site over plain
// http is refused inline.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SettingsPage } from '../support/settings_page.mjs';
import { demoServerAndBrowser } from '../support/demo.mjs';

const env = demoServerAndBrowser();

// id → [store platform, first store field, warehouse platform, first warehouse field]
const CONNECTIONS = [
  [2, 'BigCommerce', 'Store hash', 'Extensiv 3PL Central', 'Client ID'],
  [3, 'WooCommerce', 'Store URL', 'ShipHero', 'Refresh token'],
  [4, 'Magento 2', 'Store URL', 'ShipBob', 'Personal access token'],
  [5, 'ShipStation', 'API key', 'ShipHero', 'Refresh token'],
];

describe('Every platform in the browser', () => {
  for (const [id, store, storeField, warehouse, warehouseField] of CONNECTIONS) {
    test(`connection ${id}: ${store} and ${warehouse} pass with their saved credentials`, async (t) => {
      const page = await t.pages.open({ viewport: { width: 1100, height: 1000 } });
      const s = new SettingsPage(page, env.server.url);
      for (const [side, platform, field] of [['store', store, storeField], ['warehouse', warehouse, warehouseField]]) {
        await s.open(id, side);
        assert.equal(await page.locator('.credentials__title').innerText(), `${platform} credentials`);
        await s.field(field).waitFor();
        await s.runTest();
        assert.equal(await s.headline.innerText(), 'Success!', `${platform}: ${await s.badge.innerText()}`);
      }
    });
  }

  test('WooCommerce: a plain-http store URL is refused inline', async (t) => {
    const page = await t.pages.open();
    const s = new SettingsPage(page, env.server.url);
    await s.open(3, 'store');
    const sent = await s.submitInvalid({ 'Store URL': 'http://shop.demo-outfitters.example' }, { 'store-site_url': 'must use https' });
    assert.equal(sent, 0);
    await s.screenshot('woocommerce-http-refused');
  });

  test('WooCommerce: a site on this machine is an address not allowed', async (t) => {
    const page = await t.pages.open({ viewport: { width: 1100, height: 1000 } });
    const s = new SettingsPage(page, env.server.url);
    await s.open(3, 'store');
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
