// Who sees what, end to end: signing in on the way to a connection and
// coming back, another merchant's connection as a 404 page, staff switching
// merchants, an admin inviting a user and changing a role, and the new user
// setting a password with the one-time link from the server log.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from '../support/accounts.mjs';
import { screenshotPath } from '../support/browser.mjs';
import { demoServerAndBrowser } from '../support/demo.mjs';

const env = demoServerAndBrowser();

async function signInOnPage(page, who) {
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

function rows(page) {
  return page.locator('table.connections tbody tr');
}

describe('Access: sign-in, merchants and roles', () => {
  test('a signed-out visit to a connection goes to sign-in and comes back', async (t) => {
    const page = await t.pages.open({ who: null });
    await page.goto(`${env.server.url}/connections/1/settings/store?from=mail#fields`);
    await page.waitForURL(/\/signin\?return=/);
    const back = new URL(page.url()).searchParams.get('return');
    assert.equal(back, '/connections/1/settings/store?from=mail#fields');
    await signInOnPage(page, DEMO.merchant);
    await page.waitForURL(/\/connections\/1\/settings\/store\?from=mail#fields$/);
    await page.getByRole('button', { name: 'Test Connection', exact: true }).waitFor();
    assert.equal(await page.locator('.topbar__user').innerText(), DEMO.merchant.name);
    assert.equal(await page.locator('.topbar__role').innerText(), 'Merchant · Demo Outfitters');
    // Signing out on a connection page sends the person to sign in again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin\?return=/);
  });

  test("a merchant gets a 404 page for another merchant's connection", async (t) => {
    const page = await t.pages.open({ who: DEMO.merchant });
    await page.goto(`${env.server.url}/connections/2/settings/store`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.goto(`${env.server.url}/connections`);
    await rows(page).first().waitFor();
    const names = await rows(page).locator('a').allInnerTexts();
    assert.ok(names.some((n) => n.includes('Demo Outfitters')), names.join('|'));
    assert.ok(!names.some((n) => n.includes('Harbor Supply')), names.join('|'));
    // A merchant has no merchant filter: it only ever sees its own.
    assert.equal(await page.getByLabel('Merchant').count(), 0);
  });

  test('staff switch merchants with the list filter', async (t) => {
    const page = await t.pages.open({ who: DEMO.staff, viewport: { width: 1200, height: 900 } });
    await page.goto(`${env.server.url}/connections`);
    await rows(page).first().waitFor();
    assert.equal(await rows(page).count(), 5);
    assert.equal(await page.locator('.topbar__role').innerText(), 'Staff');
    // Staff test connections but do not create them.
    assert.equal(await page.getByRole('button', { name: 'Create connection' }).count(), 0);
    const filter = page.getByLabel('Merchant');
    await filter.locator('option', { hasText: 'Harbor Supply Co.' }).waitFor({ state: 'attached' });
    await filter.selectOption({ label: 'Harbor Supply Co.' });
    await page.waitForURL(/merchant=\d+/);
    await page.waitForFunction(() => document.querySelectorAll('table.connections tbody tr').length === 3);
    await filter.selectOption({ label: 'Demo Outfitters' });
    await page.waitForFunction(() => document.querySelectorAll('table.connections tbody tr').length === 2);
    // The choice survives a reload (it is in the URL).
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('table.connections tbody tr').length === 2);
    await page.screenshot({ path: screenshotPath('access-staff-filter'), fullPage: true });
    assert.equal(await page.getByRole('button', { name: 'Rename' }).count(), 0);
    // Staff test any merchant's connection, without a Save button.
    await page.goto(`${env.server.url}/connections/2/settings/store`);
    await page.getByRole('button', { name: 'Test Connection', exact: true }).click();
    await page.locator('[role=status] .badge__headline', { hasText: 'Success!' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save', exact: true }).count(), 0);
  });

  test('an admin invites a user and changes a role; the user sets a password with the link and signs in', async (t) => {
    const admin = await t.pages.open({ who: DEMO.admin, viewport: { width: 1300, height: 900 } });
    await admin.goto(`${env.server.url}/connections`);
    await admin.getByRole('link', { name: 'Users' }).click();
    await admin.waitForURL(/\/admin\/users$/);
    await admin.getByLabel('Email').fill('cleo@harbor.test');
    await admin.getByLabel('Name').fill('Cleo Harbor');
    const form = admin.getByRole('form', { name: 'Invite a user' });
    await form.getByLabel('Role').selectOption('merchant');
    await form.getByLabel('Merchant').selectOption({ label: 'Harbor Supply Co.' });
    await admin.getByRole('button', { name: 'Invite' }).click();
    await admin.getByText(/Invited cleo@harbor\.test\. The one-time set-password link was written to the server log/).waitFor();
    const cleoRow = admin.locator('tr', { hasText: 'cleo@harbor.test' });
    await cleoRow.waitFor();
    assert.match(await cleoRow.innerText(), /Invited/);

    // Hal becomes staff.
    const hal = admin.locator('tr', { hasText: DEMO.otherMerchant.email });
    await hal.getByLabel('Role').selectOption('staff');
    await hal.getByRole('button', { name: 'Save access' }).click();
    await admin.waitForFunction(
      (email) => [...document.querySelectorAll('tr')].some((r) => r.innerText.includes(email)
        && r.querySelector('select')?.value === 'staff'
        && r.querySelector('.users__access div[hidden]')),
      DEMO.otherMerchant.email,
    );
    await admin.screenshot({ path: screenshotPath('access-users'), fullPage: true });

    // The audit log shows both, with who did them.
    await admin.getByRole('link', { name: 'Audit log' }).click();
    const log = admin.locator('table.audit tbody');
    await log.locator('tr', { hasText: 'role changed' }).waitFor();
    assert.match(await log.locator('tr', { hasText: 'role changed' }).innerText(), /Ada Admin[\s\S]*Hal Harbor[\s\S]*Merchant of Harbor Supply Co\. → Staff/);
    assert.match(await log.innerText(), /user invited[\s\S]*Cleo Harbor/);

    // Demo mode's outbox is the server log.
    const m = /(\/set-password\?token=[0-9a-f]+)/.exec(env.server.output());
    assert.ok(m, 'the invitation link is in the server log');
    const cleo = await t.pages.open({ who: null });
    await cleo.goto(`${env.server.url}${m[1]}`);
    await cleo.getByLabel('New password').fill('short');
    await cleo.getByRole('button', { name: 'Set password' }).click();
    await cleo.getByText('Choose a password of at least 10 characters.').waitFor();
    await cleo.getByLabel('New password').fill('cleo-harbor-password');
    await cleo.getByRole('button', { name: 'Set password' }).click();
    await cleo.getByRole('status').getByRole('link', { name: 'Sign in' }).click();
    await cleo.waitForURL(/\/signin/);
    await signInOnPage(cleo, { email: 'cleo@harbor.test', password: 'cleo-harbor-password' });
    await cleo.waitForURL(/\/connections$/);
    assert.equal(await cleo.locator('.topbar__role').innerText(), 'Merchant · Harbor Supply Co.');
    await rows(cleo).first().waitFor();
    assert.equal(await rows(cleo).count(), 3);

    // The link works once.
    const again = await t.pages.open({ who: null });
    await again.goto(`${env.server.url}${m[1]}`);
    await again.getByLabel('New password').fill('another-long-password');
    await again.getByRole('button', { name: 'Set password' }).click();
    await again.getByText(/This link has expired or was already used/).waitFor();
  });

  test('a disabled user is signed out at once; sessions can be ended everywhere', async (t) => {
    const ana = await t.pages.open({ who: DEMO.merchant });
    await ana.goto(`${env.server.url}/account`);
    await ana.getByText('(this browser)').waitFor();
    // A second session of Ana's, signed in on its own.
    const elsewhere = await t.pages.open({ who: DEMO.merchant, fresh: true });
    await ana.reload();
    await ana.getByRole('button', { name: 'Sign out this session' }).first().waitFor();
    await ana.getByRole('button', { name: 'Sign out everywhere' }).click();
    await ana.getByRole('link', { name: 'Sign in' }).waitFor();
    await elsewhere.goto(`${env.server.url}/connections`);
    await elsewhere.waitForURL(/\/signin\?return=%2Fconnections/);

    const admin = await t.pages.open({ who: DEMO.admin, viewport: { width: 1300, height: 900 } });
    const staff = await t.pages.open({ who: DEMO.staff });
    await staff.goto(`${env.server.url}/connections`);
    await rows(staff).first().waitFor();
    await admin.goto(`${env.server.url}/admin/users`);
    const ben = admin.locator('tr', { hasText: DEMO.staff.email });
    await ben.getByRole('button', { name: 'Disable' }).click();
    await ben.getByRole('button', { name: 'Enable' }).waitFor();
    // Ben's open page is signed out on its next load.
    await staff.reload();
    await staff.waitForURL(/\/signin\?return=/);
  });
});
