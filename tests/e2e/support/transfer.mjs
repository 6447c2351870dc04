// What a cold visit of a page downloads, as Chromium counts it: every
// response's bytes on the wire (headers and compressed body), from the
// DevTools protocol with the cache disabled.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The routes and their budgets, shared with `cargo xtask sizes`. */
export const ROUTE_BUDGETS = JSON.parse(readFileSync(resolve(here, '../route-budgets.json'), 'utf8')).routes;

/** Opens `url` in `page` with the cache disabled (and the CPU slowed
 * `cpuSlowdown` times), runs `ready(page)` (wait for what the person came
 * for), waits for the network to settle, and returns one row per response
 * (path, type, encoding, bytes) and the milliseconds from navigation to
 * ready. */
export async function coldVisit(page, url, ready, cpuSlowdown = 1) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
  const seen = new Map();
  cdp.on('Network.responseReceived', ({ requestId, response, type }) => {
    const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    seen.set(requestId, {
      path: new URL(response.url).pathname + new URL(response.url).search,
      type,
      status: response.status,
      encoding: headers['content-encoding'] ?? 'identity',
      bytes: 0,
    });
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const row = seen.get(requestId);
    if (row) row.bytes = encodedDataLength;
  });
  const started = performance.now();
  await page.goto(url);
  await ready(page);
  const readyMs = Math.round(performance.now() - started);
  await page.waitForLoadState('networkidle');
  await cdp.detach();
  return { rows: [...seen.values()], readyMs };
}

export function total(rows) {
  return rows.reduce((sum, r) => sum + r.bytes, 0);
}

/** A table a person can read in the test output. */
export function table(title, rows) {
  const lines = rows
    .map((r) => `  ${r.path.slice(0, 58).padEnd(58)} ${r.type.padEnd(10)} ${r.encoding.padEnd(8)} ${String(r.bytes).padStart(9)}`);
  return [`${title}`, ...lines, `  ${'total'.padEnd(78)} ${String(total(rows)).padStart(9)}`].join('\n');
}
