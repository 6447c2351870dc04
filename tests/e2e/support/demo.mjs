// Every spec's fixture: the real server in demo mode and headless Chromium,
// started before the spec's tests and stopped after them, and each test's
// pages (`t.pages`), opened for that test and closed after it. Every page any
// spec opens reports Content-Security-Policy violations, and a test during
// which one happened fails: the release build must run under the policy.
import { after, afterEach, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, signIn } from './accounts.mjs';
import { launch } from './browser.mjs';
import { startServer } from './server.mjs';

/** `env.server` and `env.browser` are set once the spec's `before` ran;
 * `serverArgs` are extra server options. `env.cspViolations` lists the
 * violations seen since the current test started. A test's pages come from
 * `t.pages.open(…)` (see `TestPages`).
 * `env.signedInContext(options, who)` opens a fresh browser profile signed in
 * as `who` (the demo admin unless told otherwise). Each person signs in once
 * per spec and later profiles reuse that session's cookies: sign-in attempts
 * are rate-limited per address and email. */
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
  };
  before(async () => {
    env.server = await startServer(serverArgs);
    env.browser = watchCsp(await launch(), env.cspViolations);
  });
  beforeEach((t) => { t.pages = new TestPages(env); });
  afterEach(async (t) => {
    await t.pages?.close();
    const seen = env.cspViolations.splice(0);
    assert.deepEqual(seen, [], 'Content-Security-Policy violations');
    assert.deepEqual(t.pages?.errors ?? [], [], 'a page threw');
    const unexpected = (t.pages?.dialogs ?? []).filter((d) => !isLeaveQuestion(d));
    assert.deepEqual(unexpected, [], 'a dialog opened');
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

export const LEAVE_QUESTION = 'You have unsaved changes. Leave this page and lose them?';

function isLeaveQuestion(dialog) {
  return dialog === `confirm: ${LEAVE_QUESTION}` || dialog.startsWith('beforeunload:');
}

/** One test's pages: each in a browser profile of its own, closed after the
 * test. Every dialog is recorded in `dialogs` (`"confirm: …"`); the leave
 * question is answered "leave" (unless `stay` is set), any other dialog is
 * refused and fails the test, as does an error a page throws. */
class TestPages {
  constructor(env) {
    this.env = env;
    this.dialogs = [];
    this.errors = [];
    /** `"METHOD url status body"` of every API answer of the recording pages. */
    this.answers = [];
    this.stay = false;
    this.secrets = [];
    this.contexts = [];
    this.recording = [];
    this.reads = [];
  }

  /** A page signed in as `who` (`null`: signed out; `fresh`: signed in anew
   * rather than with the spec's session). `record` reads every API answer
   * into `answers`; its page waits for them before it navigates or closes
   * (a navigation discards answers not read yet). `secrets`: none may be in
   * any answer (checked after the test). */
  async open({ who = DEMO.admin, viewport, fresh = false, record = false, secrets = [] } = {}) {
    this.secrets.push(...secrets);
    const options = viewport ? { viewport } : {};
    let context;
    if (who && !fresh) {
      context = await this.env.signedInContext(options, who);
    } else {
      context = await this.env.browser.newContext(options);
      if (who) await signIn(context, this.env.server.url, who);
    }
    this.contexts.push(context);
    // Every page of the profile, a tab a link opens too.
    context.on('page', (page) => this.watch(page));
    const page = await context.newPage();
    if (record || secrets.length) this.record(page);
    return page;
  }

  watch(page) {
    page.on('dialog', (d) => {
      const seen = `${d.type()}: ${d.message()}`;
      this.dialogs.push(seen);
      if (isLeaveQuestion(seen) && !this.stay) d.accept().catch(() => {}); else d.dismiss().catch(() => {});
    });
    page.on('pageerror', (e) => { this.errors.push(e.message); });
  }

  record(page) {
    this.recording.push(page);
    page.on('response', (r) => {
      if (!r.url().includes('/api/')) return;
      const line = `${r.request().method()} ${r.url()} ${r.status()}`;
      // A 204 (delete) has no body to read.
      if (r.status() === 204) { this.answers.push(line); return; }
      this.reads.push(r.text().then(
        (text) => { this.answers.push(`${line} ${text}`); },
        // An answer we could not read is one no scan checked.
        (e) => { this.answers.push(`UNREAD ${r.url()} ${e.message}`); },
      ));
    });
    for (const name of ['goto', 'reload']) {
      const original = page[name].bind(page);
      page[name] = async (...args) => { await this.settled(page); return original(...args); };
    }
  }

  /** Lets `page`'s requests finish and every recorded answer be read. */
  async settled(page) {
    if (page && !page.isClosed()) await page.waitForLoadState('networkidle').catch(() => {});
    await Promise.all(this.reads);
  }

  /** Closes every page (a recording one once its answers are read), then
   * checks that every answer was read and none holds a secret. */
  async close() {
    for (const page of this.recording) await this.settled(page);
    for (const context of this.contexts) await context.close().catch(() => {});
    this.contexts = [];
    assert.deepEqual(this.answers.filter((b) => b.startsWith('UNREAD')), [], 'answers not read');
    for (const secret of this.secrets) {
      for (const answer of this.answers) assert.ok(!answer.includes(secret), `secret in ${answer}`);
    }
  }
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
