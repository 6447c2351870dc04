// Connections end to end: create one, save its credentials, reload
// (masked), Test Connection with the secret left blank uses the saved one,
// the history shows the runs, a stale save shows its conflict, leaving with
// unsaved edits asks first, and the list's search / filters / rename /
// enable / delete. Release build, real server, headless Chromium.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SettingsPage } from '../support/settings_page.mjs';
import { DEMO } from '../support/accounts.mjs';
import { LEAVE_QUESTION, demoServerAndBrowser } from '../support/demo.mjs';

// The demo sandbox accepts this token for this shop (server/src/sandbox).
const SHOP = 'demo-outfitters';
const TOKEN = 'shpat_sandbox_demo_outfitters_0001';
const SECOND_EDITOR_TOKEN = 'shpat_saved_by_second_editor_7777';
const WRONG_TOKEN = 'shpat_typed_wrong_in_e2e_4242';
const SECRETS = [TOKEN, SECOND_EDITOR_TOKEN, WRONG_TOKEN, 'sbpat_sandbox_demo_outfitters_0001'];
const NAME = 'E2E Outfitters';
// The list's test searches for it: no other connection's name has "listed".
const LISTED = 'Listed Outfitters';

const env = demoServerAndBrowser();

/** A page of its own (its own "person", signed in as the merchant Ana)
 * whose API answers are recorded and must carry no secret. */
async function openPage(t) {
  const page = await t.pages.open({ who: DEMO.merchant, viewport: { width: 1200, height: 900 }, secrets: SECRETS });
  return new SettingsPage(page, env.server.url);
}

/** Creates a connection named `name` through the list's form; returns its
 * id, on its Store settings. */
async function create(s, name) {
  await s.page.goto(`${env.server.url}/connections`);
  await s.page.getByLabel('Name', { exact: true }).fill(name);
  await s.page.getByRole('button', { name: 'Create connection' }).click();
  await s.page.waitForURL(/\/connections\/\d+\/settings\/store$/);
  await s.testButton.waitFor();
  return Number(/connections\/(\d+)\//.exec(s.page.url())[1]);
}

/** Saves the Store side's shop and token from the open form. */
async function saveStore(s, shop = SHOP, token = TOKEN) {
  await s.field('Shop domain').fill(shop);
  await s.field('Admin API access token').fill(token);
  await s.page.getByRole('button', { name: 'Save', exact: true }).click();
  await s.page.locator('.save-note__saved', { hasText: 'Saved.' }).waitFor();
}

/** A new connection with the demo shop's credentials saved. */
async function createSaved(s, name) {
  const id = await create(s, name);
  await saveStore(s);
  return id;
}

function row(page, name) {
  return page.locator('tr', { has: page.getByRole('link', { name, exact: true }) });
}

describe('Connections that keep their credentials', () => {
  test('create a connection, save credentials, reload: masked', async (t) => {
    const s = await openPage(t);
    await create(s, NAME);
    assert.equal(await s.page.getByLabel('Store platform').inputValue(), 'shopify');
    assert.equal(await s.field('Shop domain').inputValue(), '');

    await saveStore(s);
    assert.equal(await s.field('Admin API access token').inputValue(), '', 'the secret leaves the page');
    assert.match(await s.page.locator('.field__saved').innerText(), /•••• 0001/);
    await s.screenshot('issue4-saved');

    await s.page.reload();
    await s.testButton.waitFor();
    assert.equal(await s.field('Shop domain').inputValue(), `${SHOP}.myshopify.com`);
    assert.equal(await s.field('Admin API access token').inputValue(), '');
    assert.match(await s.page.locator('.field__saved').innerText(), /Saved: •••• 0001/);
    assert.match(await s.page.locator('.credentials__saved-by').innerText(), /^Saved by Ana Merchant, just now$/);
    assert.ok(!(await s.page.content()).includes(TOKEN), 'the token is not in the page');
    await s.page.locator('.history__last', { hasText: 'Not tested yet.' }).waitFor();
    await t.pages.settled(s.page);
    assert.ok(t.pages.answers.some((b) => b.startsWith('PUT ') && b.includes('•••• 0001')), 'the save was recorded');
  });

  test('Test Connection with the secret left blank uses the saved one; the history shows the runs', async (t) => {
    const s = await openPage(t);
    const id = await createSaved(s, 'Blank Secret Outfitters');
    await s.open(id, 'store');
    await s.runTest();
    assert.equal(await s.headline.innerText(), 'Success!');
    await s.page.locator('.history__last', { hasText: /^Last tested just now: Success!$/ }).waitFor();

    await s.field('Admin API access token').fill(WRONG_TOKEN);
    await s.runTest();
    assert.equal(await s.headline.innerText(), 'Invalid credentials');
    await s.page.locator('.history__last', { hasText: 'Last tested just now: Invalid credentials' }).waitFor();
    const runs = s.page.locator('.history__runs li');
    assert.equal(await runs.count(), 2);
    assert.match(await runs.nth(0).innerText(), /Invalid credentials[\s\S]*Shopify · Ana Merchant · HTTP 401/);
    assert.match(await runs.nth(1).innerText(), /Success![\s\S]*HTTP 200/);
    await s.screenshot('issue4-history');

    // Reopening the tab shows the last result and the runs.
    await s.open(id, 'store');
    await s.page.locator('.history__last', { hasText: 'Invalid credentials' }).waitFor();
    assert.equal(await s.page.locator('.history__runs li').count(), 2);
    await t.pages.settled(s.page);
    assert.ok(t.pages.answers.some((b) => b.includes('/history ')), 'history answers were recorded');
  });

  test('a stale save shows the conflict and keeps the edits', async (t) => {
    const alice = await openPage(t);
    const bob = await openPage(t);
    const id = await createSaved(alice, 'Conflict Outfitters');
    await alice.open(id, 'store');
    await bob.open(id, 'store');
    // Bob saves first, from his own browser context.
    await bob.field('Admin API access token').fill(SECOND_EDITOR_TOKEN);
    await bob.page.getByRole('button', { name: 'Save', exact: true }).click();
    await bob.page.locator('.save-note__saved').waitFor();

    await alice.field('Admin API access token').fill(TOKEN);
    await alice.page.getByRole('button', { name: 'Save', exact: true }).click();
    const alert = alice.page.locator('.save-note [role=alert]');
    await alert.waitFor();
    assert.match(await alert.innerText(),
      /Someone else saved these Store credentials since you opened them\. Reload to see their changes; your edits are still in the form\./);
    assert.equal(await alice.field('Admin API access token').inputValue(), TOKEN, 'the edits stay');
    await alice.screenshot('issue4-conflict');

    // Bob's save stands.
    await alice.page.reload();
    await alice.testButton.waitFor();
    assert.match(await alice.page.locator('.field__saved').innerText(), /•••• 7777/);
    await t.pages.settled(alice.page);
    assert.ok(t.pages.answers.some((b) => b.includes(' 409 ')), 'the conflict was recorded');
  });

  test('leaving with unsaved edits asks first', async (t) => {
    const s = await openPage(t);
    const id = await createSaved(s, 'Leaving Outfitters');
    await s.open(id, 'store');
    await s.field('Shop domain').fill('another-shop');
    // The other tab keeps the edits: no question.
    await s.tab('Warehouse').click();
    await s.page.waitForURL(/\/settings\/warehouse$/);
    await s.tab('Store').click();
    await s.page.waitForURL(/\/settings\/store$/);
    assert.equal(await s.field('Shop domain').inputValue(), 'another-shop');
    const dialogs = t.pages.dialogs;
    const before = dialogs.length;

    t.pages.stay = true;
    await s.page.getByRole('link', { name: 'Connections' }).first().click();
    await s.page.waitForTimeout(200);
    assert.deepEqual(dialogs.slice(before), [`confirm: ${LEAVE_QUESTION}`]);
    assert.match(s.page.url(), /\/settings\/store$/, 'stayed');
    assert.equal(await s.field('Shop domain').inputValue(), 'another-shop');

    t.pages.stay = false;
    await s.page.getByRole('link', { name: 'Connections' }).first().click();
    await s.page.waitForURL(/\/connections$/);
    assert.equal(dialogs.length, before + 2);
  });

  test('the list: latest result per side, search and filters in the URL, rename, enable, delete', async (t) => {
    const s = await openPage(t);
    const id = await createSaved(s, LISTED);
    await s.field('Admin API access token').fill(WRONG_TOKEN);
    await s.runTest();
    assert.equal(await s.headline.innerText(), 'Invalid credentials');
    await s.page.goto(`${env.server.url}/connections`);
    const mine = row(s.page, LISTED);
    await mine.waitFor();
    assert.match(await mine.locator('.connections__store').innerText(), /Shopify\s+Invalid credentials · (just now|1 minute ago)/);
    assert.match(await mine.locator('.connections__warehouse').innerText(), /ShipBob\s+Not tested/);
    assert.match(await mine.innerText(), /Disabled/);

    // The server filters (every page of the list, not only the loaded one).
    const asked = s.page.waitForRequest((r) => {
      const url = new URL(r.url());
      return url.pathname === '/api/connections' && url.searchParams.get('q') === 'listed';
    });
    await s.page.getByLabel('Search').fill('listed');
    await s.page.waitForURL(/\?q=listed$/);
    await asked;
    assert.equal(await s.page.locator('tbody tr').count(), 1);
    await s.page.getByLabel('Status').selectOption('disabled');
    await s.page.waitForURL(/status=disabled/);
    await s.page.reload();
    await mine.waitFor();
    assert.equal(await s.page.getByLabel('Search').inputValue(), 'listed');
    assert.equal(await s.page.getByLabel('Status').inputValue(), 'disabled');
    assert.equal(await s.page.locator('tbody tr').count(), 1);
    await s.screenshot('issue4-list-filtered');

    await mine.getByRole('button', { name: 'Enable' }).click();
    await s.page.getByText('No connection matches these filters.').waitFor();
    await s.page.getByLabel('Status').selectOption('enabled');
    await mine.waitFor();
    assert.match(await mine.innerText(), /Enabled/);
    await s.page.getByLabel('Store', { exact: true }).selectOption('shopify');
    await s.page.waitForURL(/store=shopify/);
    await s.page.getByLabel('Search').fill('');
    // Demo Outfitters is enabled too (once the list for the cleared search is in).
    await row(s.page, 'Demo Outfitters').waitFor();
    assert.equal(await s.page.locator('tbody tr').count(), 2);

    await mine.getByRole('button', { name: 'Rename' }).click();
    await s.page.getByLabel('New name').fill(`${LISTED} EU`);
    await s.page.getByRole('button', { name: 'Save name' }).click();
    const renamed = row(s.page, `${LISTED} EU`);
    await renamed.waitFor();

    await renamed.getByRole('button', { name: 'Delete' }).click();
    await renamed.getByText('Delete this connection with its saved credentials and history?').waitFor();
    await renamed.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await renamed.count(), 1, 'cancel keeps it');
    await renamed.getByRole('button', { name: 'Delete' }).click();
    await renamed.getByRole('button', { name: 'Yes, delete' }).click();
    await renamed.waitFor({ state: 'detached' });
    // The body is read too: API answers are no-store, and Chromium does not
    // finish a response nobody reads, which the settled() wait would await.
    const status = await s.page.evaluate(async (path) => {
      const r = await fetch(path);
      await r.text();
      return r.status;
    }, `/api/connections/${id}`);
    assert.equal(status, 404);
  });

  test('no log line carries a secret', async (t) => {
    // The answers of every test are checked by the page fixture.
    const s = await openPage(t);
    await createSaved(s, 'Logged Outfitters');
    for (const secret of SECRETS) {
      assert.ok(!env.server.output().includes(secret), `${secret} in the server log`);
    }
    assert.match(env.server.output(), /credentials saved/, 'the server log was captured');
  });
});
