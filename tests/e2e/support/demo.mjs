// Every spec's fixture: the real server in demo mode and headless Chromium,
// started before the spec's tests and stopped after them. Every page any
// spec opens reports Content-Security-Policy violations, and a test during
// which one happened fails: the release build must run under the policy.
import { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, signIn } from './accounts.mjs';
import { launch } from './browser.mjs';
import { startServer } from './server.mjs';

/** `env.server` and `env.browser` are set once the spec's `before` ran;
 * `serverArgs` are extra server options. `env.cspViolations` lists the
 * violations seen since the current test started.
 * `env.signedInContext(options, who)` and `env.signedInPage(options, who)`
 * open a fresh browser profile signed in as `who` (the demo admin unless told
 * otherwise). Each person signs in once per spec and later profiles reuse
 * that session's cookies: sign-in attempts are rate-limited per address and
 * email. */
export function demoServerAndBrowser(serverArgs = []) {
  const sessions = new Map();
  const env = {
    cspViolations: [],
    async signedInContext(options = {}, who = DEMO.admin) {
      const storageState = sessions.get(who.email);
      if (storageState) return env.browser.newContext({ ...options, storageState });
      const context = await env.browser.newContext(options);
      await signIn(context, env.server.url, who);
      sessions.set(who.email, await context.storageState());
      return context;
    },
    async signedInPage(options = {}, who = DEMO.admin) {
      const context = await env.signedInContext(options, who);
      return context.newPage();
    },
  };
  before(async () => {
    env.server = await startServer(serverArgs);
    env.browser = watchCsp(await launch(), env.cspViolations);
  });
  afterEach(() => {
    const seen = env.cspViolations.splice(0);
    assert.deepEqual(seen, [], 'Content-Security-Policy violations');
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/** Makes every context of `browser` (and so every page and frame) push
 * the violations it sees onto `violations`. */
function watchCsp(browser, violations) {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await context.exposeBinding('__reportCspViolation', ({ frame }, v) => {
      violations.push({ ...v, page: frame.url() });
    });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__reportCspViolation({
          directive: e.violatedDirective,
          blocked: e.blockedURI,
          sample: e.sample,
        });
      });
    });
    return context;
  };
  // Like Playwright's own: a page in a context of its own, closed with it.
  browser.newPage = async (options) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.once('close', () => context.close().catch(() => {}));
    return page;
  };
  return browser;
}
