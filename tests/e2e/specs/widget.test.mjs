// The help widget on another site: the desk is reached as `localhost`, the
// host pages as `127.0.0.1` (another site), in headless Chromium against
// the release build. Before use the host page holds the loader alone; `open`
// shows an article's section; a person signs in inside the panel, votes,
// comments, edits and deletes; a site not on the list cannot frame the
// panel; forged messages do nothing; it works from the keyboard; axe-core
// finds no serious problem; and the first open stays within its budget.
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { DEMO } from '../support/accounts.mjs';
import { demoServerAndBrowser } from '../support/demo.mjs';
import { WIDGET_BUDGET, firstOpen, hostPage, identifyToken } from '../support/widget.mjs';
import { execFileSync } from 'node:child_process';
import { screenshotPath } from '../support/browser.mjs';

const env = demoServerAndBrowser();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ANA = DEMO.merchant;

/** Host pages, each on a port (an origin) of its own. */
const hosts = {};
let desk;

/** A signed-out page in a fresh profile, recording what it requests and
 * what its console says at debug level. */
async function hostTab(t, path = '/') {
  const page = await t.pages.open({ who: null, viewport: { width: 1100, height: 800 } });
  page.requested = [];
  page.debug = [];
  page.on('request', (r) => page.requested.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'debug') page.debug.push(m.text()); });
  await page.goto(hosts.listed.url + path);
  return page;
}

const panel = (page) => page.frameLocator('iframe[title="Help center"]');
const panelFrame = (page) => page.frames().find((f) => f.url().startsWith(`${desk}/embed/`));

describe('the help widget on another site', () => {
  before(async () => {
    // The same server as another site: `localhost` and `127.0.0.1` are two.
    desk = env.server.url.replace('127.0.0.1', 'localhost');
    for (const name of ['listed', 'unlisted', 'stranger', 'identifying']) {
      const server = createServer((req, res) => {
        res.setHeader('content-type', 'text/html');
        if (name === 'stranger') {
          // Posts a message that looks like the panel's to whoever frames it.
          res.end(`<!doctype html><title>x</title><script>
            parent.postMessage({ ds: 'help', type: 'close' }, '*');
          </script>`);
          return;
        }
        if (name === 'identifying') {
          // The host's server signs its signed-in user's address for the widget.
          const token = identifyToken(hosts.identifying.secret, hosts.identifying.url, ANA.email);
          res.end(hostPage(desk, `<script>DropStreamHelp('identify', ${JSON.stringify(token)});</script>`));
          return;
        }
        res.end(hostPage(desk));
      });
      await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
      hosts[name] = { server, url: `http://127.0.0.1:${server.address().port}` };
    }
    // An admin puts the first host on the list on the admin page.
    const admin = await env.signedInContext();
    const page = await admin.newPage();
    await page.goto(`${env.server.url}/admin/widget`);
    await page.getByLabel('Origin').fill(`${hosts.listed.url}/`);
    await page.getByRole('button', { name: 'Add site' }).click();
    await page.getByRole('cell', { name: hosts.listed.url, exact: true }).waitFor();
    // A path is not an origin: refused with the reason, nothing added.
    await page.getByLabel('Origin').fill(`${hosts.unlisted.url}/shop`);
    await page.getByRole('button', { name: 'Add site' }).click();
    await page.getByRole('alert').filter({ hasText: 'scheme, host and port only' }).waitFor();
    assert.equal(await page.getByRole('cell', { name: hosts.unlisted.url }).count(), 0);
    await page.screenshot({ path: screenshotPath('help-widget-admin') });
    await admin.close();
    // The identifying host is added from the command line, bound to Ana's
    // merchant, which prints the secret its server signs tokens with.
    const printed = execFileSync(env.server.bin, ['--data-dir', env.server.dataDir, 'embed-sites', 'add', hosts.identifying.url, '--merchant', 'Demo Outfitters'], { encoding: 'utf8' });
    hosts.identifying.secret = printed.trim().split('\n').at(-1);
    assert.match(hosts.identifying.secret, /^dsk_[0-9a-f]{64}$/);
    execFileSync(env.server.bin, ['--data-dir', env.server.dataDir, 'help-suggestions', 'add', '/orders/*', 'channels-and-run-logs', 'platform-shopify']);
  });

  after(() => { for (const h of Object.values(hosts)) h.server.close(); });

  test('loads nothing but itself before use', async (t) => {
    const page = await hostTab(t);
    await page.getByRole('button', { name: 'Help' }).waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(page.requested, [`${hosts.listed.url}/`, `${desk}/help-widget.js`]);
    // No frame, and nothing in the page's own tree but the shadow host.
    assert.equal(page.frames().length, 1);
    const added = await page.evaluate(() => [...document.body.children].at(-1).shadowRoot?.querySelectorAll('*').length);
    assert.ok(added > 0, 'the launcher lives in a shadow root');
    // No style of its own in the host page: no inline style, no <style>.
    assert.deepEqual(await page.evaluate(() => [document.querySelectorAll('[style]').length, document.querySelectorAll('style').length]), [0, 0]);
  });

  test('open shows the section; sign in, vote, comment, edit and delete inside the panel', async (t) => {
    const page = await hostTab(t);
    await page.evaluate(() => window.DropStreamHelp('open', { article: 'test-connection', section: 'setup' }));
    const frame = panel(page);
    await frame.getByRole('heading', { level: 1, name: 'Test a Connection\'s credentials' }).waitFor();
    await frame.locator('#setup.is-target').waitFor();
    assert.equal(await page.getByRole('dialog', { name: 'Help center' }).isVisible(), true);
    await page.waitForFunction(() => window.events.includes('article:test-connection'));
    assert.deepEqual(await page.evaluate(() => window.events.slice(0, 2)), ['open', 'ready']);

    // Signing in inside the panel: its cookies are partitioned to this site.
    await frame.locator('.panel__bar').getByRole('link', { name: 'Sign in' }).click();
    await frame.getByLabel('Email').fill(ANA.email);
    await frame.getByLabel('Password').fill(ANA.password);
    const [signedIn] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST'),
      frame.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    assert.equal(signedIn.status(), 200);
    const cookies = (await signedIn.headersArray()).filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value);
    assert.ok(cookies.some((c) => c.startsWith('ds_session=')), cookies.join('\n'));
    for (const c of cookies) assert.match(c, /; SameSite=None; Secure; Partitioned$/, c);
    await frame.locator('.panel__user', { hasText: ANA.name }).waitFor();
    await frame.getByRole('heading', { level: 1, name: 'Test a Connection\'s credentials' }).waitFor();

    // Vote.
    const yes = frame.locator('.vote').getByRole('button', { name: /^Yes/ });
    await yes.click();
    await frame.locator('.vote__thanks').waitFor();
    assert.equal(await yes.getAttribute('aria-pressed'), 'true');

    // Comment, edit, delete.
    const text = `Asked from the shop admin ${Date.now()}`;
    await frame.getByLabel(/^Comment as /).fill(text);
    await frame.getByRole('button', { name: 'Post comment' }).click();
    const mine = frame.locator('.comments__list > li.comment', { hasText: text });
    await mine.waitFor();
    await mine.getByRole('button', { name: 'Edit' }).click();
    await frame.getByLabel(/^Edit comment/).fill(`${text} (edited)`);
    await frame.getByRole('button', { name: 'Save' }).click();
    await mine.locator('.comment__edited').waitFor();
    assert.match(await mine.innerText(), /\(edited\)/);
    await page.screenshot({ path: screenshotPath('help-widget-signed-in') });
    await mine.getByRole('button', { name: 'Delete' }).click();
    await frame.getByRole('button', { name: 'Yes, delete' }).click();
    await mine.waitFor({ state: 'detached' });

    // The dashboard's own session is untouched: the desk, opened as a page
    // of its own in this profile, is signed out.
    const own = await page.context().newPage();
    await own.goto(`${desk}/api/session`);
    assert.equal(JSON.parse(await own.locator('body').innerText()).user, null);
    await own.close();
  });

  test('a site bound to a merchant signs its user in with identify', async (t) => {
    const page = await t.pages.open({ who: null });
    await page.goto(hosts.identifying.url);
    await page.getByRole('button', { name: 'Help' }).click();
    const frame = panel(page);
    await frame.locator('.panel__user', { hasText: ANA.name }).waitFor();
    await frame.locator('.help-list__item').first().waitFor();
    // Only the help center: the connections answer 401 to this session.
    const inside = panelFrame(page);
    const status = await inside.evaluate(async () => (await fetch('/api/connections', { headers: { 'X-DropStream-Frame': 'cross-site' } })).status);
    assert.equal(status, 401);
    // The exchange needs the CSRF token, as every change does: a fresh,
    // valid token sent without it is refused.
    const fresh = identifyToken(hosts.identifying.secret, hosts.identifying.url, ANA.email);
    const forged = await page.context().request.post(`${desk}/api/embed/identify`, { data: { token: fresh }, headers: { 'x-csrf-token': 'x' } });
    assert.equal(forged.status(), 403);
  });

  test('page: the suggestions follow the host page\'s route', async (t) => {
    const page = await hostTab(t);
    await page.evaluate(() => {
      history.pushState(null, '', '/orders/42');
      window.DropStreamHelp('page', location.href);
    });
    await page.getByRole('button', { name: 'Help' }).click();
    const suggested = panel(page).getByRole('navigation', { name: 'Suggested for this page' });
    await suggested.waitFor();
    assert.deepEqual(await suggested.getByRole('link').allInnerTexts(), ['Channels and run logs', 'Shopify: where to find your credentials']);
    // Another route of the host: nothing suggested for it.
    await page.evaluate(() => window.DropStreamHelp('page', `${location.origin}/settings`));
    await suggested.waitFor({ state: 'detached' });
  });

  test('a site that is not on the list cannot frame the panel', async (t) => {
    const page = await t.pages.open({ who: null });
    await page.goto(hosts.unlisted.url);
    const refused = page.waitForEvent('console', (m) => /frame-ancestors/.test(m.text()));
    await page.getByRole('button', { name: 'Help' }).click();
    await refused;
    assert.equal(panelFrame(page), undefined, 'no frame shows the desk');
    // What the server says, for each host.
    for (const [host, ancestors] of [[hosts.listed.url, `'self' ${hosts.listed.url}`], [hosts.unlisted.url, "'self'"]]) {
      const r = await fetch(`${desk}/embed/help?host=${encodeURIComponent(host)}`);
      assert.match(r.headers.get('content-security-policy'), new RegExp(`frame-ancestors ${ancestors}$`));
    }
    const dashboard = await fetch(`${desk}/help/test-connection`);
    assert.match(dashboard.headers.get('content-security-policy'), /frame-ancestors 'none'$/);
  });

  test('forged messages from other origins do nothing', async (t) => {
    const page = await hostTab(t);
    await page.evaluate(() => window.DropStreamHelp('open', { article: 'test-connection' }));
    const frame = panel(page);
    await frame.getByRole('heading', { level: 1, name: 'Test a Connection\'s credentials' }).waitFor();
    // A frame of a third origin posts "close" to the host page as it loads.
    await page.evaluate((src) => {
      document.body.append(Object.assign(document.createElement('iframe'), { title: 'Other', src }));
    }, `${hosts.stranger.url}/`);
    await expectDebug(page, /ignored message \d+ \(not from the panel\)/);
    assert.equal(await page.getByRole('dialog', { name: 'Help center' }).isVisible(), true);

    // Inside the panel: a message from another origin, and one from the
    // host's origin that the host page did not send.
    const inside = panelFrame(page);
    const debug = [];
    page.on('console', (m) => { if (m.type() === 'debug') debug.push(m.text()); });
    await inside.evaluate((stranger) => {
      const forged = { ds: 'help', type: 'open', article: 'platform-shopify' };
      window.dispatchEvent(new MessageEvent('message', { data: forged, origin: stranger, source: window.parent }));
      window.dispatchEvent(new MessageEvent('message', { data: forged, origin: new URL(location.href).searchParams.get('host'), source: window }));
      window.dispatchEvent(new MessageEvent('message', { data: 'open', origin: stranger, source: window.parent }));
    }, hosts.stranger.url);
    await frame.getByRole('heading', { level: 1, name: 'Test a Connection\'s credentials' }).waitFor();
    assert.match(inside.url(), /\/embed\/help\/test-connection/);
    await page.waitForFunction(() => true);
    const panelDebug = await waitFor(() => debug.filter((d) => /ignored message \d+ \(not from the host page\)/.test(d)), (l) => l.length >= 3);
    assert.equal(panelDebug.length, 3, debug.join('\n'));

    // The host itself drives it.
    await page.evaluate(() => window.DropStreamHelp('open', { article: 'platform-shopify' }));
    await frame.getByRole('heading', { level: 1, name: /Shopify/ }).waitFor();
  });

  test('works from the keyboard, and axe-core finds no serious problem in the panel', async (t) => {
    const page = await hostTab(t);
    const focused = () => page.evaluate(() => {
      const root = document.querySelector('body > div:last-child').shadowRoot;
      return root.activeElement?.tagName ?? document.activeElement?.tagName;
    });
    // The host's link, then the launcher.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'BUTTON');
    await page.keyboard.press('Enter');
    const frame = panel(page);
    await frame.locator('.help-list__item').first().waitFor();
    assert.equal(await focused(), 'IFRAME');
    // The focus is inside the panel, on its first link, and Tab goes on
    // through the panel.
    const inside = panelFrame(page);
    const insideFocus = () => inside.evaluate(() => `${document.activeElement.tagName} ${document.activeElement.textContent.trim().slice(0, 20)}`);
    await inside.waitForFunction(() => document.activeElement?.classList.contains('panel__home'));
    await page.keyboard.press('Tab');
    assert.match(await insideFocus(), /^A Sign in/);
    await page.keyboard.press('Tab');
    assert.match(await insideFocus(), /^INPUT/);
    await page.screenshot({ path: screenshotPath('help-widget') });

    await inside.evaluate(AXE);
    const found = await inside.evaluate(async () => {
      const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
    });
    const serious = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(serious, [], JSON.stringify(found, null, 1));

    // Esc inside the panel closes it, and the launcher has the focus again.
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Help center' }).waitFor({ state: 'hidden' });
    assert.equal(await focused(), 'BUTTON');
    assert.ok((await page.evaluate(() => window.events)).includes('close'));
  });

  test('works 320 px wide', async (t) => {
    const page = await t.pages.open({ who: null, viewport: { width: 320, height: 640 } });
    await page.goto(hosts.listed.url);
    await page.getByRole('button', { name: 'Help' }).click();
    await panel(page).locator('.help-list__item').first().waitFor();
    const box = await page.getByRole('dialog', { name: 'Help center' }).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 320, JSON.stringify(box));
    const scrolls = await panelFrame(page).evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
    assert.equal(scrolls, false, 'the panel scrolls sideways');
    await page.screenshot({ path: screenshotPath('help-widget-320') });
  });

  test(`the first open downloads at most ${WIDGET_BUDGET} bytes`, async (t) => {
    const page = await t.pages.open({ who: null });
    const { rows, bytes } = await firstOpen(page, hosts.listed.url, desk);
    console.log(rows.map((r) => `  ${r.path.slice(0, 60).padEnd(60)} ${r.encoding.padEnd(8)} ${String(r.bytes).padStart(8)}`).join('\n'));
    console.log(`#   widget first open ${bytes}`);
    for (const r of rows.filter((r) => /\.(wasm|js|css)$/.test(r.path))) assert.equal(r.encoding, 'br', r.path);
    assert.ok(bytes <= WIDGET_BUDGET, `${bytes} bytes`);
  });
});

async function expectDebug(page, pattern) {
  await waitFor(() => page.debug.filter((d) => pattern.test(d)), (l) => l.length > 0);
}

/** Polls `read` until `done` holds of its value (5 s at most). */
async function waitFor(read, done) {
  for (let i = 0; i < 50; i++) {
    const value = read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  return read();
}
