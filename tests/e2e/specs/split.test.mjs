// The app loads by screen: the dashboard does not fetch the help center's
// code until someone opens it, and a screen whose code cannot be fetched
// says so with a Retry button instead of leaving a dead page.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoServerAndBrowser } from '../support/demo.mjs';

const env = demoServerAndBrowser();
/** A signed-in page that records the path of every wasm file it fetches. */
async function watchedPage(t) {
  const page = await t.pages.open();
  const fetched = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('.wasm')) fetched.push(path.split('/').pop());
  });
  return { page, fetched };
}

describe('a split build', () => {
  test('loads the help center only when a person opens it', async (t) => {
    const { page, fetched } = await watchedPage(t);
    await page.goto(`${env.server.url}/connections/1/settings/store`);
    await page.getByRole('button', { name: 'Test Connection' }).waitFor();
    assert.ok(fetched.includes('split_settings.wasm'), `settings code fetched: ${fetched}`);
    assert.ok(!fetched.includes('split_help.wasm'), `help code not fetched yet: ${fetched}`);

    await page.getByRole('link', { name: 'Help center' }).click();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: /help/i }).waitFor();
    assert.ok(fetched.includes('split_help.wasm'), `help code fetched on the visit: ${fetched}`);
  });

  test('a screen whose code does not arrive shows an error with Retry, and Retry loads it', async (t) => {
    const { page } = await watchedPage(t);
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    let blocked = 0;
    await page.route(/\/split_settings\.wasm$/, (route) => {
      blocked += 1;
      return route.abort('internetdisconnected');
    });
    await page.goto(`${env.server.url}/connections/1/settings/store`);

    const alert = page.getByRole('alert').filter({ hasText: 'did not load' });
    await alert.waitFor();
    assert.ok(blocked >= 1, 'the chunk was requested and blocked');
    assert.equal(await page.getByRole('button', { name: 'Test Connection' }).count(), 0);

    // Still blocked: Retry tries again and fails again, and the app lives on.
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.waitForTimeout(200);
    await page.getByRole('alert').filter({ hasText: 'did not load' }).first().waitFor();
    assert.ok(blocked >= 2, `Retry fetched again (${blocked} attempts)`);

    await page.unroute(/\/split_settings\.wasm$/);
    await page.getByRole('alert').filter({ hasText: 'did not load' }).first().getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('button', { name: 'Test Connection' }).waitFor();
    assert.equal(await page.getByRole('alert').filter({ hasText: 'did not load' }).count(), 0);
    // The header (main module) kept working throughout.
    await page.getByRole('link', { name: 'Help center' }).waitFor();
    assert.deepEqual(errors, [], 'no uncaught error on the page');
  });
});
