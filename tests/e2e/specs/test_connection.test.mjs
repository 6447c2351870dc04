// The walking skeleton end to end: the release build served by the real
// server in demo mode, driven in headless Chromium.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SettingsPage } from '../support/settings_page.mjs';
import { LEAVE_QUESTION, demoServerAndBrowser } from '../support/demo.mjs';

// The sandbox credentials demo mode seeds (server/src/sandbox/mod.rs).
const SAVED_SECRETS = ['shpat_sandbox_demo_outfitters_0001', 'sbpat_sandbox_demo_outfitters_0001'];

const env = demoServerAndBrowser();

/** The admin's page, whose API answers are recorded and must not carry a
 * saved secret. */
async function openSettings(t) {
  const page = await t.pages.open({ viewport: { width: 1100, height: 900 }, secrets: SAVED_SECRETS });
  return new SettingsPage(page, env.server.url);
}

describe('Test Connection', () => {
  test('Store (Shopify): saved credentials succeed, a wrong token is invalid credentials', async (t) => {
    const s = await openSettings(t);
    await s.open(1, 'store');
    assert.equal(await s.tab('Store').getAttribute('aria-selected'), 'true');
    assert.equal(await s.field('Shop domain').inputValue(), 'demo-outfitters.myshopify.com');
    // The saved token is never put into the page, only its hint.
    assert.equal(await s.field('Admin API access token').inputValue(), '');
    assert.match(await s.page.locator('.field__saved').innerText(), /•••• 0001/);

    await s.runTest();
    assert.equal(await s.headline.innerText(), 'Success!');
    assert.match(await s.badge.getAttribute('class'), /badge--success/);
    await s.screenshot('store-success');

    await s.field('Admin API access token').fill('shpat_this_token_is_wrong_9999');
    await s.page.locator('.result.badge--success.badge--stale').waitFor();
    await s.runTest();
    assert.equal(await s.headline.innerText(), 'Invalid credentials');
    assert.match(await s.badge.getAttribute('class'), /badge--error/);
    assert.match(await s.result.locator('.badge__guidance').innerText(), /Admin API access token/);
    // The live region announces the summary; the steps sit beside it.
    assert.doesNotMatch(await s.result.innerText(), /Reach host/);
    assert.match(await s.badge.innerText(), /Reach host/);
    const color = await s.badge.evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(color, 'rgb(253, 236, 236)');
    await s.screenshot('store-invalid-credentials');
  });

  test('Warehouse (ShipBob): saved token succeeds, a wrong one is invalid credentials', async (t) => {
    const s = await openSettings(t);
    await s.open(1, 'warehouse');
    assert.equal(await s.tab('Warehouse').getAttribute('aria-selected'), 'true');
    await s.runTest();
    assert.equal(await s.headline.innerText(), 'Success!');
    await s.screenshot('warehouse-success');

    await s.field('Personal access token').fill('sbpat_revoked_token_0000');
    await s.runTest();
    assert.equal(await s.headline.innerText(), 'Invalid credentials');
    await s.screenshot('warehouse-invalid-credentials');
  });

  test('Store failures other than credentials say why', async (t) => {
    const s = await openSettings(t);
    await s.open(1, 'store');
    // A saved token only goes to the shop it was saved for: type one.
    let sent = 0;
    s.page.on('request', (r) => { if (r.url().endsWith('/test')) sent += 1; });
    await s.field('Shop domain').fill('no-such-shop');
    await s.testButton.click();
    await s.page.locator('#store-access_token-error', { hasText: 'Enter the Admin API access token again' }).waitFor();
    assert.equal(sent, 0, 'nothing is sent while a field is invalid');
    await s.field('Admin API access token').fill('shpat_typed_for_this_test_01');
    await s.runTest();
    assert.equal(await s.headline.innerText(), 'Setup problem');
    assert.match(await s.result.innerText(), /no-such-shop\.myshopify\.com/);

    await s.field('Shop domain').fill('under-maintenance');
    await s.runTest();
    assert.equal(await s.headline.innerText(), 'Platform unavailable');
    await s.screenshot('store-outage');

    await s.field('Shop domain').fill('www.example.com');
    const error = s.page.locator('#store-shop_domain-error');
    await error.filter({ hasText: 'myshopify.com' }).waitFor();
    assert.equal(await s.field('Shop domain').getAttribute('aria-invalid'), 'true');
  });

  test('leaving the page cancels a running test', async (t) => {
    const s = await openSettings(t);
    await s.open(1, 'store');
    await s.field('Shop domain').fill('slow-to-answer');
    await s.field('Admin API access token').fill('shpat_typed_for_this_test_02');
    const failed = s.page.waitForEvent('requestfailed', (r) => r.url().endsWith('/api/connections/1/store/test'));
    await s.testButton.click();
    await s.page.locator('.result.badge--testing').waitFor();
    assert.equal(await s.testButton.isDisabled(), true);
    assert.equal(await s.result.getAttribute('aria-busy'), 'true');
    await s.screenshot('store-testing');
    // The typed values are unsaved: the page asks, the answer is "leave".
    await s.page.getByRole('link', { name: 'Connections' }).first().click();
    const request = await failed;
    assert.deepEqual(t.pages.dialogs, [`confirm: ${LEAVE_QUESTION}`]);
    assert.match(request.failure().errorText, /ABORTED/);
    await s.page.getByRole('heading', { name: 'Connections' }).waitFor();
  });

  test('tabs: arrow keys switch sides, the URL follows, results are kept per side', async (t) => {
    const s = await openSettings(t);
    await s.open(1, 'store');
    await s.runTest();
    assert.equal(await s.headline.innerText(), 'Success!');

    await s.tab('Store').focus();
    await s.page.keyboard.press('ArrowRight');
    await s.page.waitForURL(/\/settings\/warehouse$/);
    assert.equal(await s.tab('Warehouse').getAttribute('aria-selected'), 'true');
    assert.equal(await s.tab('Store').getAttribute('aria-selected'), 'false');
    assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'tab-warehouse');
    await s.field('Personal access token').waitFor();
    assert.equal(await s.page.locator('.result.badge').count(), 0, 'the warehouse has no result yet');

    await s.page.keyboard.press('ArrowLeft');
    await s.page.waitForURL(/\/settings\/store$/);
    assert.equal(await s.headline.innerText(), 'Success!');
  });

  test('the connections list links to settings; unknown pages are not found', async (t) => {
    const s = await openSettings(t);
    await s.page.goto(`${env.server.url}/connections`);
    await s.page.getByRole('link', { name: 'Demo Outfitters' }).click();
    await s.page.waitForURL(/\/connections\/1\/settings\/store$/);
    await s.testButton.waitFor();
    await s.screenshot('connections-to-settings');

    await s.page.goto(`${env.server.url}/connections/1/settings`);
    await s.page.waitForURL(/\/connections\/1\/settings\/store$/);

    for (const path of ['/connections/999/settings/store', '/connections/1/settings/billing', '/no/such/page']) {
      await s.page.goto(`${env.server.url}${path}`);
      await s.page.getByRole('heading', { name: 'Page not found' }).waitFor();
    }
    await s.screenshot('not-found');
  });

  test('no answer and no log line of the flow contains a saved secret', async (t) => {
    const s = await openSettings(t);
    await s.open(1, 'store');
    await s.runTest();
    await s.open(1, 'warehouse');
    await s.runTest();
    await t.pages.settled(s.page);
    assert.ok(t.pages.answers.length >= 6, `only ${t.pages.answers.length} API answers were recorded`);
    assert.ok(t.pages.answers.some((b) => b.includes('"ok":true')), 'the flow includes successful tests');
    // The answers themselves are checked by the page fixture.
    for (const secret of SAVED_SECRETS) {
      assert.ok(!env.server.output().includes(secret), 'secret in the server log');
    }
    assert.match(env.server.output(), /test connection/, 'the server log was captured');
  });
});
