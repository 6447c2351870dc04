// A platform that never answers: the test ends at the server's deadline with
// a network timeout, and the page stays usable while it waits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';
import { SettingsPage } from '../support/settings_page.mjs';

const DEADLINE_MS = 3000;
let server;
let browser;

before(async () => {
  server = await startServer(['--test-timeout-ms', String(DEADLINE_MS)]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a hanging shop times out at the deadline while the Warehouse tab keeps working', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on('pageerror', (e) => { throw e; });
  const s = new SettingsPage(page, server.url);
  await s.open(1, 'store');

  await s.field('Shop domain').fill('slow-to-answer');
  await s.field('Admin API access token').fill('shpat_typed_for_the_hang_01');
  const started = Date.now();
  await s.testButton.click();
  await page.waitForFunction(() => document.querySelector('[role=status]')?.getAttribute('aria-busy') === 'true');
  assert.equal(await s.testButton.isDisabled(), true);

  // Meanwhile: another tab, another test, typing — all answer at once.
  await s.tab('Warehouse').click();
  await page.waitForURL(/\/settings\/warehouse$/);
  await s.runTest();
  assert.equal(await s.headline.innerText(), 'Success!');
  await s.field('Personal access token').fill('sbpat_typed_while_waiting');
  assert.equal(await s.field('Personal access token').inputValue(), 'sbpat_typed_while_waiting');
  const warehouseDone = Date.now() - started;
  assert.ok(warehouseDone < DEADLINE_MS, `the warehouse test waited for the store one (${warehouseDone} ms)`);

  // Back on Store the test is still running, then ends as a network timeout.
  await s.tab('Store').click();
  await page.waitForURL(/\/settings\/store$/);
  await page.waitForFunction(() => document.querySelector('[role=status]')?.getAttribute('aria-busy') === 'false',
    null, { timeout: DEADLINE_MS + 5000 });
  const elapsed = Date.now() - started;
  assert.equal(await s.headline.innerText(), 'Network problem');
  assert.match(await s.result.innerText(), /did not answer within 3 s/);
  assert.ok(elapsed >= DEADLINE_MS - 200, `ended before the deadline (${elapsed} ms)`);
  assert.ok(elapsed < DEADLINE_MS + 4000, `ended long after the deadline (${elapsed} ms)`);
  await s.screenshot('store-hanging-timeout');
  await page.close();
});
