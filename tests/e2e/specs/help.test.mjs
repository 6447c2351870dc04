// The help center end to end: articles, "Learn more" from a badge, votes,
// signing in, and comments (including hostile text), in headless Chromium
// against the release build served by the real server in demo mode.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../support/server.mjs';
import { SettingsPage } from '../support/settings_page.mjs';
import { HelpPage } from '../support/help_page.mjs';
import { DEMO } from '../support/accounts.mjs';
import { demoServerAndBrowser } from '../support/demo.mjs';

const here = dirname(fileURLToPath(import.meta.url));
// The same list the server test stores and reads back (server/tests/comments.rs).
const { payloads: XSS } = JSON.parse(readFileSync(resolve(here, '../../fixtures/xss-payloads.json'), 'utf8'));
// Demo accounts (server/src/demo_seed.rs), printed by the server in demo mode.
const ANA = DEMO.merchant;
const BEN = DEMO.staff;

// Room for the hostile-text test's many posts.
const env = demoServerAndBrowser(['--comments-per-minute', '100']);

/** A page in a fresh browser profile, signed in as `who` when given. */
function openPage(t, who = null) {
  return t.pages.open({ who, viewport: { width: 1100, height: 900 } });
}

describe('Help center', () => {
  test('the index lists articles and the search box filters them', async (t) => {
    const page = await openPage(t);
    await page.goto(`${env.server.url}/help`);
    const items = page.locator('.help-list__item');
    await items.first().waitFor();
    const all = await items.count();
    assert.ok(all >= 17, `${all} articles`);
    await page.getByLabel('Search the help center').fill('shopify token');
    await page.waitForFunction((n) => document.querySelectorAll('.help-list__item').length < n, all);
    const titles = await items.allInnerTexts();
    assert.ok(titles.some((t) => t.includes('Shopify: where to find your credentials')), titles.join('|'));
    await page.getByRole('link', { name: 'Shopify: where to find your credentials' }).click();
    await page.getByRole('heading', { level: 1, name: 'Shopify: where to find your credentials' }).waitFor();
    assert.match(page.url(), /\/help\/platform-shopify$/);
    await page.screenshot({ path: resolve(here, '../screenshots/help-index-search.png') });
  });

  test('"Learn more" on an error badge lands on the matching section', async (t) => {
    const page = await openPage(t, DEMO.merchant);
    const s = new SettingsPage(page, env.server.url);
    await s.open(1, 'store');
    await s.field('Shop domain').fill('no-such-shop');
    await s.field('Admin API access token').fill('shpat_anything_else');
    await s.runTest();
    assert.equal(await s.headline.innerText(), 'Setup problem');
    // The article opens in the help widget's panel beside the form, so the
    // typed credentials stay in view.
    await page.getByRole('link', { name: /Learn more/ }).click();
    await page.getByRole('dialog', { name: 'Help center' }).waitFor();
    assert.equal(await s.field('Shop domain').inputValue(), 'no-such-shop');
    assert.ok(await s.field('Shop domain').isVisible());
    const panel = await waitForFrame(page, '/embed/help/test-connection');
    await checkLandedSection(panel);
    await page.screenshot({ path: resolve(here, '../screenshots/help-beside-the-form.png') });
    // Esc closes it, and the focus is back on the link.
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Help center' }).waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Learn more (opens the help beside the form)');
  });

  /** The frame whose address starts with `path`, once it is there. */
  async function waitForFrame(page, path) {
    for (let i = 0; i < 100; i += 1) {
      const frame = page.frames().find((f) => new URL(f.url(), 'http://x').pathname.startsWith(path));
      if (frame) return frame;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no frame at ${path}`);
  }

  async function checkLandedSection(page) {
    const section = page.locator('.article__body h3#setup');
    await section.waitFor();
    assert.match(page.url(), /\/help\/test-connection(\?[^#]*)?#setup$/);
    // Scrolled to it: the heading is on screen although it is far down.
    await page.waitForFunction(() => {
      const r = document.getElementById('setup').getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight;
    });
    assert.ok(await page.locator('.article__body h2#where-the-button-is').isVisible());
    // The section links on to the category's own article.
    await section.locator('xpath=following-sibling::p[1]').getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Fix a setup problem' }).waitFor();
  }

  test('the article shows its parts, and votes count once per signed-in account', async (t) => {
    const page = await openPage(t);
    const h = new HelpPage(page, env.server.url);
    await h.open('test-connection');
    assert.equal(await page.locator('.breadcrumbs').innerText(), 'Help center / Test a Connection\'s credentials');
    assert.match(await page.locator('.article__updated').innerText(), /^Last updated \d{4}-\d{2}-\d{2}$/);
    assert.ok(await page.locator('.toc').getByRole('link', { name: 'Which side to check' }).isVisible());
    assert.ok(await page.locator('.related').getByRole('link').count() >= 3);
    await h.screenshot('help-article-signed-out');

    // Signed out: the counts show and the reader is asked to sign in.
    assert.equal(await page.locator('.vote__signin').innerText(), 'Sign in to vote.');
    assert.equal(await h.voteButton('Yes').isDisabled(), true);
    await h.signIn(BEN.email, BEN.password);
    assert.match(page.url(), /\/help\/test-connection$/);
    assert.equal(await page.locator('.vote__signin').count(), 0);
    await h.voteButton('Yes').click();
    await page.waitForFunction(() => document.querySelector('.vote__thanks'));
    assert.equal(await h.voteButton('Yes').getAttribute('aria-pressed'), 'true');
    assert.equal(await h.voteButton('Yes').locator('.vote__count').innerText(), '1');
    // Changing the answer moves the vote instead of adding one, across reloads.
    await page.reload();
    await h.voteButton('Yes').waitFor();
    assert.equal(await h.voteButton('Yes').getAttribute('aria-pressed'), 'true');
    await h.voteButton('No').click();
    await page.waitForFunction(() => document.querySelectorAll('.vote button[aria-pressed=true]')[0]?.innerText.startsWith('No'));
    assert.equal(await h.voteButton('Yes').locator('.vote__count').innerText(), '0');
    assert.equal(await h.voteButton('No').locator('.vote__count').innerText(), '1');
    // Another account adds to the counts.
    const other = new HelpPage(await openPage(t), env.server.url);
    await other.open('test-connection');
    await other.signIn(ANA.email, ANA.password);
    assert.equal(await other.voteButton('Yes').getAttribute('aria-pressed'), 'false');
    await other.voteButton('Yes').click();
    await other.page.waitForFunction(() => document.querySelector('.vote__thanks'));
    assert.equal(await other.voteButton('Yes').locator('.vote__count').innerText(), '1');
    assert.equal(await other.voteButton('No').locator('.vote__count').innerText(), '1');
  });

  test('sign in, post, reload, edit, delete, sign out', async (t) => {
    const page = await openPage(t);
    const h = new HelpPage(page, env.server.url);
    await h.open('error-network');
    assert.equal(await h.signInPrompt.innerText(), 'Please sign in to leave a comment.');
    await h.signInPrompt.getByRole('link', { name: 'sign in' }).click();
    await page.getByLabel('Email').fill(ANA.email);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.sign-in__error').filter({ hasText: 'do not match' }).waitFor();
    await page.getByLabel('Password').fill(ANA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back on the article, at the comments.
    await h.commentBox.waitFor();
    assert.match(page.url(), /\/help\/error-network#comments$/);
    assert.equal(await page.locator('.topbar__user').innerText(), ANA.name);

    // An empty comment is refused before anything is sent.
    await h.postButton.click();
    assert.equal(await page.locator('.comment-form__error').innerText(), 'Write something before posting.');

    const text = `Retrying after a minute worked for me. ${Date.now()}`;
    await h.post(text);
    const mine = h.comment(text);
    assert.equal(await mine.locator('.comment__author').innerText(), ANA.name);
    assert.equal(await mine.locator('.comment__time').innerText(), 'just now');
    assert.ok(await mine.locator('.comment__time').getAttribute('title'), 'exact time on hover');
    assert.equal(await h.commentCount.innerText(), '1 comment');
    assert.equal(await h.commentBox.inputValue(), '', 'the box empties after posting');

    await page.reload();
    await h.comment(text).waitFor();
    await h.screenshot('help-comment-posted');

    // Edit.
    await h.comment(text).getByRole('button', { name: 'Edit' }).click();
    const edited = `${text} (edited: it was our firewall)`;
    await page.getByLabel(/^Edit comment/).fill(edited);
    await page.getByRole('button', { name: 'Save' }).click();
    await h.comment('it was our firewall').locator('.comment__edited').waitFor();
    await page.reload();
    await h.comment('it was our firewall').waitFor();

    // Delete asks first (in the page), and "Keep it" keeps it.
    await h.comment('it was our firewall').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Keep it' }).click();
    assert.equal(await h.comments.count(), 1);
    await h.comment('it was our firewall').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.comments__list > li.comment').length === 0);
    assert.equal(await h.commentCount.innerText(), '0 comments');
    await page.reload();
    await h.commentBox.waitFor();
    assert.equal(await h.comments.count(), 0);

    await h.signOut();
    await h.signInPrompt.waitFor();
    assert.equal(await h.commentBox.count(), 0, 'the form is replaced by the prompt');
    await page.reload();
    await h.signInPrompt.waitFor();
    await h.screenshot('help-signed-out-again');
  });

  test('hostile comments render as plain text and never run', async (t) => {
    const page = await openPage(t);
    const h = new HelpPage(page, env.server.url);
    await h.open('error-outage');
    await h.signIn(ANA.email, ANA.password);
    await h.commentBox.waitFor();
    for (const p of XSS) await h.post(p);

    // More than one page: load the rest.
    const showAll = async () => {
      while (await page.getByRole('button', { name: 'Load more' }).count()) {
        const n = await h.comments.count();
        await page.getByRole('button', { name: 'Load more' }).click();
        await page.waitForFunction((k) => document.querySelectorAll('.comments__list > li.comment').length > k, n);
      }
    };
    const check = async () => {
      const bodies = await page.locator('.comments__list .comment__body').evaluateAll(
        (els) => els.map((e) => e.innerText.trim()),
      );
      // Newest first: the list is the payloads reversed, each as typed.
      const expected = [...XSS].reverse().map((p) => p.trim());
      assert.deepEqual(bodies.map((b) => b.replace(/\s+/g, ' ')), expected.map((p) => p.replace(/\s+/g, ' ')));
      // Nothing but paragraphs, text and http(s) links inside comment bodies.
      const elements = await page.locator('.comments__list .comment__body *').evaluateAll(
        (els) => els.map((e) => `${e.tagName}:${e.getAttribute('href') ?? ''}`),
      );
      for (const e of elements) {
        assert.match(e, /^(P:|A:https?:\/\/)/, `unexpected element ${e}`);
      }
      assert.equal(await page.evaluate(() => window.__xss ?? null), null);
    };
    await page.reload();
    await h.comments.first().waitFor();
    assert.equal(await h.comments.count(), 20, 'one page of 20');
    assert.equal(await h.commentCount.innerText(), `${XSS.length} comments`);
    await showAll();
    await check();
    await h.screenshot('help-xss-payloads');
    // Give any deferred handler (onload, autofocus, marquee) time to fire.
    await page.waitForTimeout(500);
  });
});

describe('Help center limits', () => {
  test('posting too fast shows the wait from the server', async (t) => {
    const limited = await startServer(['--comments-per-minute', '1']);
    try {
      const page = await openPage(t);
      const h = new HelpPage(page, limited.url);
      await h.open('error-rate-limited');
      await h.signIn(ANA.email, ANA.password);
      await h.commentBox.waitFor();
      await h.post('first');
      await h.commentBox.fill('second');
      await h.postButton.click();
      const error = page.locator('.comment-form__error');
      await error.filter({ hasText: 'Try again in' }).waitFor();
      assert.match(await error.innerText(), /Too many comments in a short time\. Try again in \d+ seconds\./);
      assert.equal(await h.comments.count(), 1);
      await h.screenshot('help-rate-limited');
    } finally {
      await limited.stop();
    }
  });
});
