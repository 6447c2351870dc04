// Every failure category in Chromium, for Shopify (store) and ShipBob
// (warehouse): each shows its own headline, guidance, steps and "Learn
// more" anchor. Demo-mode sandbox inputs pick the failure: they are read
// from the server's fixtures, through the generated platforms.json.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SettingsPage } from '../support/settings_page.mjs';
import { demoServerAndBrowser } from '../support/demo.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const PLATFORMS = JSON.parse(readFileSync(resolve(here, '../../fixtures/platforms.json'), 'utf8'));
/** The fields a row of `platform`'s table changes (server/src/platforms/<name>/fixtures.rs). */
function row(platform, name) {
  const found = PLATFORMS[platform].cases.find((c) => c.name === name);
  assert.ok(found, `${platform} has no row ${name}`);
  return found.changes;
}
const SHOPIFY = PLATFORMS.shopify;
const SHIPBOB = PLATFORMS.shipbob;

// A short deadline so the hanging sandbox ends quickly (the server reads it
// from the environment it inherits).
const DEADLINE_MS = 2500;
process.env.DROPSTREAM_TEST_TIMEOUT_MS = String(DEADLINE_MS);

const env = demoServerAndBrowser();

async function openSettings(t, side) {
  const page = await t.pages.open({ viewport: { width: 1100, height: 1000 } });
  const s = new SettingsPage(page, env.server.url);
  await s.open(1, side);
  return s;
}

/**
 * Checks the finished badge: headline, guidance, anchor, and how many of the
 * three steps failed (none when the platform answered but was unusable:
 * unknown shop, outage, rate limit — reach passed, the rest skipped).
 */
async function expectBadge(s, { headline, guidance, anchor, failed = 1 }) {
  assert.equal(await s.headline.innerText(), headline);
  assert.match(await s.badge.getAttribute('class'), /badge--error/);
  assert.match(await s.result.locator('.badge__guidance').innerText(), guidance);
  const href = await s.badge.locator('.badge__help').getAttribute('href');
  assert.equal(href, `/help/test-connection#${anchor}`);
  assert.equal(await s.badge.locator('.step').count(), 3);
  assert.equal(await s.badge.locator('.step--failed').count(), failed, 'failed steps');
}

describe('Store (Shopify): every category', () => {
  const token = 'Admin API access token';
  const shop = 'Shop domain';
  const cases = [
    { name: 'invalid_credentials', shop: SHOPIFY.working.shop_domain, token: 'shpat_not_the_right_one_0', headline: 'Invalid credentials', guidance: /Admin API access token/, anchor: 'invalid-credentials' },
    { name: 'missing_permissions', shop: SHOPIFY.working.shop_domain, token: row('shopify', 'scopes missing').access_token, headline: 'Missing permissions', guidance: /write_fulfillments, write_inventory/, anchor: 'missing-permissions' },
    { name: 'setup', shop: row('shopify', 'unknown shop').shop_domain, token: 'shpat_typed_for_this_test_01', headline: 'Setup problem', guidance: /shop domain/, anchor: 'setup', failed: 0 },
    { name: 'outage', shop: row('shopify', 'outage').shop_domain, token: 'shpat_typed_for_this_test_01', headline: 'Platform unavailable', guidance: /status page/, anchor: 'outage', failed: 0 },
    { name: 'rate_limited', shop: row('shopify', 'rate limited').shop_domain, token: 'shpat_typed_for_this_test_01', headline: 'Rate limited', guidance: /Wait 2 seconds/, anchor: 'rate-limited', failed: 0 },
  ];
  for (const c of cases) {
    test(c.name, async (t) => {
      const s = await openSettings(t, 'store');
      await s.field(shop).fill(c.shop);
      await s.field(token).fill(c.token);
      await s.runTest();
      await expectBadge(s, c);
      await s.screenshot(`category-store-${c.name}`);
    });
  }

  test('network: a hanging shop ends at the deadline and the page stays usable', async (t) => {
    const s = await openSettings(t, 'store');
    await s.field(shop).fill(SHOPIFY.hanging.shop_domain);
    await s.field(token).fill('shpat_typed_for_this_test_01');
    const started = Date.now();
    await s.testButton.click();
    await s.page.locator('[role=status][aria-busy=true]').waitFor();
    // While the store test runs: switch tabs and test the warehouse.
    await s.tab('Warehouse').click();
    await s.field('Personal access token').waitFor();
    await s.runTest();
    assert.equal(await s.headline.innerText(), 'Success!');
    assert.ok(Date.now() - started < DEADLINE_MS, 'the warehouse answered while the store test was still running');
    await s.tab('Store').click();
    await s.page.waitForFunction(() => document.querySelector('[role=status]')?.getAttribute('aria-busy') === 'false'
      && document.querySelector('[role=status] .badge__headline'));
    await expectBadge(s, { headline: 'Network problem', guidance: /temporary/, anchor: 'network' });
    assert.match(await s.result.innerText(), /did not answer within 2\.5 s/);
    assert.ok(Date.now() - started >= DEADLINE_MS);
    await s.screenshot('category-store-network');
  });

  test('invalid_input: shown inline, nothing is sent', async (t) => {
    const s = await openSettings(t, 'store');
    const sent = await s.submitInvalid(
      { [shop]: 'www.example.com', [token]: 'shpat with spaces' },
      { 'store-shop_domain': 'myshopify.com', 'store-access_token': 'spaces' },
    );
    assert.equal(sent, 0);
  });
});

describe('Warehouse (ShipBob): every category', () => {
  const field = 'Personal access token';
  const cases = [
    { name: 'invalid_credentials', token: 'sbpat_anything_else', headline: 'Invalid credentials', guidance: /personal access token/, anchor: 'invalid-credentials' },
    { name: 'missing_permissions (403)', token: row('shipbob', 'no access').access_token, headline: 'Missing permissions', guidance: /channels/, anchor: 'missing-permissions' },
    { name: 'missing_permissions (scope)', token: row('shipbob', 'channel lacks a scope').access_token, headline: 'Missing permissions', guidance: /inventory_read/, anchor: 'missing-permissions' },
    { name: 'setup', token: row('shipbob', 'html page').access_token, headline: 'Setup problem', guidance: /ShipBob address/, anchor: 'setup' },
    { name: 'outage', token: row('shipbob', 'outage').access_token, headline: 'Platform unavailable', guidance: /status page/, anchor: 'outage', failed: 0 },
    { name: 'rate_limited', token: row('shipbob', 'rate limited').access_token, headline: 'Rate limited', guidance: /Wait 25 seconds/, anchor: 'rate-limited', failed: 0 },
    { name: 'network', token: SHIPBOB.hanging.access_token, headline: 'Network problem', guidance: /temporary/, anchor: 'network' },
  ];
  for (const c of cases) {
    test(c.name, async (t) => {
      const s = await openSettings(t, 'warehouse');
      await s.field(field).fill(c.token);
      await s.runTest();
      await expectBadge(s, c);
      await s.screenshot(`category-warehouse-${c.name.replace(/\W+/g, '-')}`);
    });
  }

  test('invalid_input: shown inline, nothing is sent', async (t) => {
    const s = await openSettings(t, 'warehouse');
    const sent = await s.submitInvalid({ [field]: 'short' }, { 'warehouse-access_token': 'too short' });
    assert.equal(sent, 0);
  });
});
