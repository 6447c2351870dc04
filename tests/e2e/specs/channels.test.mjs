// The Channels page in the browser: Run now on Demo Outfitters moves its
// orders and shows the counts; a warehouse token revoked in the middle of a
// run shows a failed run whose diagnosis opens the Warehouse settings; a SKU
// the warehouse lacks is named; the run history filters by outcome;
// axe-core finds no serious or critical problem on the page. Release
// build, real server, headless Chromium.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoServerAndBrowser } from '../support/demo.mjs';

const env = demoServerAndBrowser();
const here = dirname(fileURLToPath(import.meta.url));
const PLATFORMS = JSON.parse(readFileSync(resolve(here, '../../fixtures/platforms.json'), 'utf8'));
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// The sandboxes' channel inputs (server/src/platforms/{shopify,shipbob}/fixtures.rs).
const MISMATCH_SHOP = 'new-collection.myshopify.com';
const MISMATCHED_SKU = 'SOCKS-STRIPE-L';
const REVOKED_MIDRUN_TOKEN = 'sbpat_sandbox_revoked_midrun_0001';

/** A call to the desk's API with the page's session and CSRF token. */
async function api(page, method, path, data) {
  const context = page.context();
  const csrf = (await context.cookies(env.server.url)).find((c) => c.name === 'ds_csrf')?.value;
  const r = await context.request.fetch(`${env.server.url}${path}`, { method, data, headers: { 'x-csrf-token': csrf ?? '' } });
  assert.ok(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`);
  return r.json();
}

/** An enabled Shopify + ShipBob connection with these sandbox inputs. */
async function connection(page, name, shop, warehouseToken) {
  const created = await api(page, 'POST', '/api/connections', { name, store_platform: 'shopify', warehouse_platform: 'shipbob', merchant_id: 1 });
  const token = PLATFORMS.shopify.working.access_token;
  await api(page, 'PUT', `/api/connections/${created.id}/store`, { platform: 'shopify', version: 0, fields: { shop_domain: shop, access_token: token } });
  await api(page, 'PUT', `/api/connections/${created.id}/warehouse`, { platform: 'shipbob', version: 0, fields: { access_token: warehouseToken } });
  await api(page, 'PATCH', `/api/connections/${created.id}`, { enabled: true });
  return created.id;
}

/** Presses Run now on Sales Orders and waits for the run to end. */
async function runOrders(page) {
  const card = page.locator('section#orders');
  await card.getByRole('button', { name: 'Run now' }).click();
  await card.locator('.run__outcome:not(.run__outcome--running)').waitFor({ timeout: 20000 });
  return card;
}

describe('Channels', () => {
  test('Run now on Demo Outfitters moves its orders and shows the counts', async (t) => {
    const page = await t.pages.open({ viewport: { width: 1100, height: 1000 } });
    await page.goto(`${env.server.url}/connections/1/channels`);
    await page.getByRole('heading', { name: 'Sales Orders' }).waitFor();
    assert.equal(await page.locator('section.channel').count(), 3);
    assert.match(await page.locator('section#orders .channel__direction').innerText(), /Store \(Shopify\) → Warehouse \(ShipBob\)/);
    const card = await runOrders(page);
    assert.equal(await card.locator('.run__outcome').innerText(), 'Succeeded');
    assert.match(await card.locator('.run__counts').innerText(), /Read 3, created 3, updated 0, skipped 0, could not move 0/);
    assert.match(await card.locator('.run__when').innerText(), /by Ada Admin/);
    // The Settings link of the connection's pages goes back to the tabs.
    await page.getByRole('navigation', { name: 'Connection' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(/\/connections\/1\/settings\/store$/);
    // The connections list shows the run under the connection's name and
    // links back to its channels.
    await page.goto(`${env.server.url}/connections`);
    const outcomes = page.locator('tr[data-connection="1"] a.channel-outcomes');
    assert.equal(await outcomes.innerText(), 'Sales Orders: Succeeded');
    await outcomes.click();
    await page.waitForURL(/\/connections\/1\/channels$/);
    await page.getByRole('heading', { name: 'Sales Orders' }).waitFor();
    // Back and forward show the page of the address, as a link did.
    await page.goBack();
    await page.waitForURL(/\/connections$/);
    await page.locator('tr[data-connection="1"]').waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Sales Orders' }).count(), 0);
    // The top bar marks the section the reader is in.
    const main = page.getByRole('navigation', { name: 'Main' });
    assert.equal(await main.getByRole('link', { name: 'Connections' }).getAttribute('aria-current'), 'page');
    assert.equal(await main.getByRole('link', { name: 'Help center' }).getAttribute('aria-current'), null);
    await page.goForward();
    await page.waitForURL(/\/connections\/1\/channels$/);
    await page.getByRole('heading', { name: 'Sales Orders' }).waitFor();
  });

  test('a warehouse token revoked mid-run shows a failed run that opens the Warehouse settings', async (t) => {
    const page = await t.pages.open({ viewport: { width: 1100, height: 1000 } });
    await page.goto(`${env.server.url}/connections`);
    const id = await connection(page, 'Revoked Outfitters', PLATFORMS.shopify.working.shop_domain, REVOKED_MIDRUN_TOKEN);
    await page.goto(`${env.server.url}/connections/${id}/channels`);
    const card = await runOrders(page);
    assert.equal(await card.locator('.run__outcome').innerText(), 'Failed');
    assert.equal(await card.locator('.run__message').innerText(), 'The warehouse refused our credentials: update the Warehouse credentials.');
    // The run history, filtered by outcome: the failed run, and no
    // succeeded one.
    const history = card.locator('details.runs');
    await history.locator('summary').click();
    const outcome = history.getByLabel('Outcome');
    await outcome.selectOption('failed');
    await history.locator('.runs__run .run__message').waitFor();
    assert.equal(await history.locator('.runs__run').count(), 1);
    assert.match(await history.locator('.runs__run').innerText(), /Failed[\s\S]*could not move/);
    await outcome.selectOption('succeeded');
    await history.locator('.runs__none').waitFor();
    assert.equal(await history.locator('.runs__none').innerText(), 'No runs with the outcome “Succeeded”.');
    await card.getByRole('link', { name: 'Open the Warehouse settings' }).click();
    await page.waitForURL(new RegExp(`/connections/${id}/settings/warehouse$`));
    await page.locator('#warehouse-access_token').waitFor();
  });

  test('a SKU the warehouse lacks is named, with the order it stopped', async (t) => {
    const page = await t.pages.open({ viewport: { width: 1100, height: 1000 } });
    await page.goto(`${env.server.url}/connections`);
    const id = await connection(page, 'New Collection', MISMATCH_SHOP, PLATFORMS.shipbob.working.access_token);
    await page.goto(`${env.server.url}/connections/${id}/channels#orders`);
    const card = await runOrders(page);
    assert.equal(await card.locator('.run__outcome').innerText(), 'Finished with problems');
    assert.equal(await card.locator('.run__skus').innerText(), MISMATCHED_SKU);
    await card.getByText('Run log').click();
    await card.locator('.run__problems li').waitFor();
    assert.equal(await card.locator('.run__problems').innerText(), `Order #2001: SKU ${MISMATCHED_SKU} is not in the warehouse.`);
    assert.equal(await card.getByRole('link', { name: 'Learn more' }).getAttribute('href'), '/help/channels-and-run-logs#sku-mismatches');

    // The run history is open, so axe-core checks it too.
    await card.locator('details.runs summary').click();
    await card.locator('.runs__run').waitFor();

    // axe-core, evaluated in the page (not injected as a script, which the
    // page's Content-Security-Policy would refuse).
    await page.evaluate(AXE);
    const found = await page.evaluate(async () => {
      const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
    });
    const serious = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(serious, [], JSON.stringify(found, null, 1));
  });
});
