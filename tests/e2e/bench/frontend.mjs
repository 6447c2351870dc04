// The front-end section of `cargo xtask bench` (run by it, not by the test
// runner): cold visits of the routes in route-budgets.json and of a minimal
// Leptos counter built in the same run, each several times at 1x and 4x CPU
// throttling, and the time from Test Connection's answer arriving to its
// badge on screen. Prints tables; asserts nothing (times vary by machine,
// which is why every time sits next to the counter's).
import { DEMO, signIn } from '../support/accounts.mjs';
import { launch } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';
import { ROUTE_BUDGETS, coldVisit, total } from '../support/transfer.mjs';
import { firstOpen, hostPage } from '../support/widget.mjs';
import { createServer } from 'node:http';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const fmt = ({ min, median, max }) => `${min} / ${median} / ${max}`.padStart(20);

/** Opens `url` cold RUNS times at each slowdown; returns the bytes of the
 * first visit and the ready times. */
async function measureVisits(browser, url, ready, storageState) {
  const result = { bytes: 0, files: 0, ready: { 1: [], 4: [] } };
  for (const slowdown of [1, 4]) {
    for (let i = 0; i < RUNS; i += 1) {
      const context = await browser.newContext(storageState ? { storageState } : {});
      const page = await context.newPage();
      const { rows, readyMs } = await coldVisit(page, url, ready, slowdown);
      if (!result.bytes) {
        result.bytes = total(rows);
        result.files = rows.length;
      }
      result.ready[slowdown].push(readyMs);
      await context.close();
    }
  }
  return result;
}

/** Milliseconds from the test request's last byte to the new badge, in the
 * page's own clock, RUNS times. */
async function responseToBadge(browser, baseUrl, storageState) {
  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/connections/1/settings/store`);
  const button = page.getByRole('button', { name: 'Test Connection', exact: true });
  await button.waitFor();
  const times = [];
  for (let i = 0; i < RUNS; i += 1) {
    await page.evaluate(() => {
      document.querySelectorAll('[role=status] .badge__headline').forEach((h) => { h.dataset.previous = 'true'; });
      performance.clearResourceTimings();
      window.__badgeAt = new Promise((resolve) => {
        const fresh = () => document.querySelector('[role=status] .badge__headline:not([data-previous])');
        const watch = new MutationObserver(() => {
          if (fresh()) { watch.disconnect(); resolve(performance.now()); }
        });
        watch.observe(document.body, { childList: true, subtree: true });
      });
    });
    await button.click();
    const ms = await page.evaluate(async () => {
      const shownAt = await window.__badgeAt;
      const answer = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/store/test'));
      return answer ? shownAt - answer.responseEnd : NaN;
    });
    times.push(Math.round(ms * 10) / 10);
  }
  await context.close();
  return times;
}

/** Main-thread milliseconds the loader takes on the host page before use:
 * the `EvaluateScript` tasks of `help-widget.js` in a Chromium trace of the
 * page's load (compiling and running it, which builds the launcher). */
async function loaderMs(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await browser.startTracing(page, { categories: ['devtools.timeline'] });
  await page.goto(url);
  await page.getByRole('button', { name: 'Help' }).waitFor();
  await page.waitForLoadState('networkidle');
  const trace = JSON.parse((await browser.stopTracing()).toString());
  await context.close();
  const micros = trace.traceEvents
    .filter((e) => e.name === 'EvaluateScript' && e.args?.data?.url?.endsWith('/help-widget.js'))
    .reduce((sum, e) => sum + (e.dur ?? 0), 0);
  return Math.round(micros / 100) / 10;
}

/** The help widget on a page of another site: what the loader takes of the
 * host's main thread before use, and the first open's bytes and time to the
 * panel's list. */
async function widget(browser, hostUrl, deskUrl) {
  const added = [];
  for (let i = 0; i < RUNS; i += 1) added.push(await loaderMs(browser, `${hostUrl}/`));
  const opens = [];
  let bytes = 0;
  let files = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const context = await browser.newContext();
    const open = await firstOpen(await context.newPage(), hostUrl, deskUrl);
    bytes ||= open.bytes;
    files ||= open.rows.length;
    opens.push(open.readyMs);
    await context.close();
  }
  return { added, opens, bytes, files };
}

const browser = await launch();
const host = createServer((req, res) => {
  res.setHeader('content-type', 'text/html');
  res.end(hostPage(deskUrl));
});
await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
const hostUrl = `http://127.0.0.1:${host.address().port}`;
const desk = await startServer(['--tests-per-minute', '1000', '--frame-ancestors', hostUrl]);
// Another site than the host page's, as the widget is used.
const deskUrl = desk.url.replace('127.0.0.1', 'localhost');
const counter = await startServer([], { dist: process.env.COUNTER_DIST });
try {
  const login = await browser.newContext();
  await signIn(login, desk.url, DEMO.admin);
  const storageState = await login.storageState();
  await login.close();

  const rows = [];
  const reference = await measureVisits(browser, `${counter.url}/`, (p) => p.getByRole('button').first().waitFor());
  rows.push(['Leptos counter (reference)', reference]);
  for (const route of ROUTE_BUDGETS) {
    const ready = (p) => p.locator(route.ready).first().waitFor();
    rows.push([route.path, await measureVisits(browser, desk.url + route.path, ready, route.sign_in ? storageState : null)]);
  }

  const ref1 = stats(reference.ready[1]).median;
  const ref4 = stats(reference.ready[4]).median;
  console.log(`    cold visits, ${RUNS} runs each; ready = navigation until the page's main control is on screen`);
  console.log(`    ${'page'.padEnd(32)} ${'bytes'.padStart(8)} ${'files'.padStart(5)} ${'1x ms min/med/max'.padStart(20)} ${'4x ms min/med/max'.padStart(20)} ${'vs counter 1x/4x'.padStart(17)}`);
  for (const [name, r] of rows) {
    const s1 = stats(r.ready[1]);
    const s4 = stats(r.ready[4]);
    const ratio = `${(s1.median / ref1).toFixed(2)}x / ${(s4.median / ref4).toFixed(2)}x`;
    console.log(`    ${name.padEnd(32)} ${String(r.bytes).padStart(8)} ${String(r.files).padStart(5)} ${fmt(s1)} ${fmt(s4)} ${ratio.padStart(17)}`);
  }

  const badge = stats(await responseToBadge(browser, desk.url, storageState));
  console.log(`    Test Connection, answer received -> badge on screen (ms, min/med/max over ${RUNS}): ${fmt(badge).trim()}`);

  const w = await widget(browser, hostUrl, deskUrl);
  const opened = stats(w.opens);
  console.log(`    help widget, the loader's main-thread time on the host page before use (ms at 1x, min/med/max over ${RUNS}): ${fmt(stats(w.added)).trim()}`);
  console.log(`    help widget, first open: ${w.bytes} bytes in ${w.files} files; click -> list shown (ms, min/med/max): ${fmt(opened).trim()} (${(opened.median / ref1).toFixed(2)}x the counter's 1x visit)`);
} finally {
  host.close();
  await browser.close();
  await desk.stop();
  await counter.stop();
}
