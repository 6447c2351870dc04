// The edge in a real browser: where sign-in sends the reader
// back to, the Content-Security-Policy the release build runs under, and
// the outbound test cap's message.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SettingsPage } from '../support/settings_page.mjs';
import { startServer } from '../support/server.mjs';
import { DEMO, signIn } from '../support/accounts.mjs';
import { demoServerAndBrowser } from '../support/demo.mjs';

// Demo accounts (server/src/demo_seed.rs). Sign-in allows 5 tries a minute per
// address and email, so most cases below use the signed-in page's
// Continue link, which goes where the same parsed `return` says.
const ANA = { email: 'ana@demo.dropstream.test', password: 'demo-password-ana' };
const BEN = { email: 'ben@demo.dropstream.test', password: 'demo-password-ben' };

const env = demoServerAndBrowser();

/** `return` values and the path the reader must land on (`/help` when the
 * value would leave the desk). `{origin}` and `{port}` are the desk's. */
const RETURNS = [
  ['/help/test-connection', '/help/test-connection'],
  ['/connections/1/settings/store', '/connections/1/settings/store'],
  ['/help/test-connection#comments', '/help/test-connection#comments'],
  ['/connections?q=demo', '/connections?q=demo'],
  ['{origin}/help/error-setup', '/help/error-setup'],
  ['//evil.example/', '/help'],
  ['///evil.example/', '/help'],
  ['////evil.example/', '/help'],
  ['/\\evil.example/', '/help'],
  ['\\\\evil.example/', '/help'],
  ['\\/evil.example/', '/help'],
  ['/\t/evil.example/', '/help'],
  ['/\n/evil.example/', '/help'],
  ['/\r\n/evil.example/', '/help'],
  ['\t\n//evil.example/', '/help'],
  [' //evil.example/', '/help'],
  ['https://evil.example/', '/help'],
  ['https:evil.example', '/help'],
  ['https:/\\evil.example', '/help'],
  ['HTTPS://EVIL.EXAMPLE', '/help'],
  ['javascript:alert(document.domain)', '/help'],
  ['JaVaScRiPt:alert(1)', '/help'],
  ['data:text/html,<script>alert(1)</script>', '/help'],
  ['http://{origin-host}@evil.example/', '/help'],
  ['http://localhost:{port}/help', '/help'],
  ['//127.0.0.1:1/', '/help'],
  ['http://[::1]:{port}/', '/help'],
  // The router decodes query values once more than the browser does, so
  // these reach the check as `///host`, `//host` and `/\host`.
  ['/%2F%2Fevil.example', '/help'],
  ['%2F%2Fevil.example', '/help'],
  ['/%5Cevil.example', '/help'],
  ['/%252F%252Fevil.example', '/%2F%2Fevil.example'],
  // The parser resolves `..` and collapses a path-only `//`.
  ['/help/../connections', '/connections'],
  ['http:help', '/help'],
];

function fill(value, origin) {
  const url = new URL(origin);
  return value.replaceAll('{origin}', origin).replaceAll('{port}', url.port).replaceAll('{origin-host}', url.host);
}

/** A signed-out page, and the dialogs of the test so far. */
async function signedOutPage(t) {
  const page = await t.pages.open({ who: null });
  return { page, dialogs: t.pages.dialogs };
}

/** Waits for the browser to leave the sign-in page; answers where it is. */
async function landing(page) {
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 10_000 });
  return new URL(page.url());
}

describe('Sign-in return addresses', () => {
  test(`${RETURNS.length} return values never leave the desk`, async (t) => {
    const origin = env.server.url;
    const results = [];
    // Real sign-ins, one per account and value, for the first few values.
    let tries = 0;
    for (const [raw, want] of RETURNS.slice(0, 6)) {
      const { page, dialogs } = await signedOutPage(t);
      const who = tries++ % 2 ? BEN : ANA;
      await page.goto(`${origin}/signin?return=${encodeURIComponent(fill(raw, origin))}`);
      await page.getByLabel('Email').fill(who.email);
      await page.getByLabel('Password').fill(who.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const at = await landing(page);
      results.push([raw, at.origin, `${at.pathname}${at.search}${at.hash}`, want, dialogs.length]);
      await page.close();
    }
    // The rest through the signed-in page's Continue link.
    const { page, dialogs } = await signedOutPage(t);
    await page.goto(`${origin}/signin`);
    await page.getByLabel('Email').fill(ANA.email);
    await page.getByLabel('Password').fill(ANA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await landing(page);
    for (const [raw, want] of RETURNS.slice(6)) {
      await page.goto(`${origin}/signin?return=${encodeURIComponent(fill(raw, origin))}`);
      await page.getByRole('link', { name: 'Continue' }).click();
      const at = await landing(page);
      results.push([raw, at.origin, `${at.pathname}${at.search}${at.hash}`, want, dialogs.length]);
    }
    await page.close();

    const wrong = results.filter(([, o, path, want, d]) => o !== origin || path !== want || d > 0);
    assert.deepEqual(wrong, [], 'return values that went elsewhere: [value, origin, path, expected, dialogs]');
  });
});

describe('Content-Security-Policy', () => {
  test('the app loads under the policy, which refuses injected inline script', async (t) => {
    const page = await t.pages.open();
    const answer = await page.goto(`${env.server.url}/connections`);
    const csp = answer.headers()['content-security-policy'];
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+';/);
    assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(answer.headers()['x-content-type-options'], 'nosniff');
    await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();

    // An inline script slipped into the page does not run, and the fixture
    // sees the violation (which would fail any other test).
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true;';
      document.body.append(s);
    });
    await page.waitForFunction(() => true);
    assert.equal(await page.evaluate(() => window.__injected ?? null), null);
    await page.waitForTimeout(200);
    const seen = env.cspViolations.splice(0);
    assert.equal(seen.length, 1, JSON.stringify(seen));
    assert.match(seen[0].directive, /^script-src/);
  });
});

describe('Outbound test cap', () => {
  test('a test refused for the cap shows the server\'s message', async (t) => {
    const full = await startServer(['--max-concurrent-tests', '0']);
    try {
      const page = await t.pages.open({ who: null, viewport: { width: 1100, height: 900 } });
      await signIn(page.context(), full.url, DEMO.admin);
      const s = new SettingsPage(page, full.url);
      await s.open(1, 'warehouse');
      await s.runTest();
      assert.equal(await s.headline.innerText(), 'The test could not run');
      assert.match(await s.result.innerText(), /Too many connection tests are running right now\. Try again in 5 seconds\./);
      await s.screenshot('edge-outbound-cap');
    } finally {
      await full.stop();
    }
  });
});
