// What a cold visit downloads: each route of route-budgets.json opened in a
// fresh profile with the cache disabled, every response counted as
// Chromium received it, printed as a table and held to the route's budget.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib, { brotliCompressSync } from 'node:zlib';
import { DEMO } from '../support/accounts.mjs';
import { demoServerAndBrowser } from '../support/demo.mjs';
import { ROUTE_BUDGETS, coldVisit, table, total } from '../support/transfer.mjs';

const env = demoServerAndBrowser();
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../../../dist');

/** Whether brotli makes the built file at `path` any smaller. */
function compresses(path) {
  const bytes = readFileSync(join(dist, path));
  const packed = brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
  return packed.length < bytes.length;
}

describe('a cold visit', () => {
  for (const route of ROUTE_BUDGETS) {
    test(`of ${route.path} stays within ${route.wire} bytes on the wire`, async (t) => {
      const visit = async (cpuSlowdown) => {
        const page = await t.pages.open({ who: route.sign_in ? DEMO.admin : null });
        return coldVisit(page, env.server.url + route.path, (p) => p.locator(route.ready).first().waitFor(), cpuSlowdown);
      };
      const { rows, readyMs } = await visit(1);
      // Printed for people, not asserted: times vary with the machine.
      const slow = await visit(4);
      console.log(table(`cold visit of ${route.path}`, rows));
      console.log(`  ready after ${readyMs} ms; ${slow.readyMs} ms with the CPU 4x slower`);

      // Every asset that compresses arrives compressed. A few shared chunks
      // are a handful of bytes that brotli cannot shrink; xtask writes no
      // twin for those, and they come as they are.
      for (const r of rows.filter((r) => /\.(wasm|js|css)$/.test(r.path))) {
        if (r.encoding === 'identity' && !compresses(r.path)) continue;
        assert.equal(r.encoding, 'br', `${r.path} came ${r.encoding}: build with \`cargo xtask build\`, which writes the .br twins (\`trunk build\` alone does not)`);
      }
      // The route's own screens arrive; other areas' code does not.
      const wasm = rows.map((r) => r.path.split('/').pop()).filter((name) => name.endsWith('.wasm'));
      for (const split of route.splits) {
        assert.ok(wasm.includes(`split_${split}.wasm`), `${split} code loaded: ${wasm}`);
      }
      for (const split of route.not_loaded) {
        assert.ok(!wasm.includes(`split_${split}.wasm`), `${split} code not loaded: ${wasm}`);
      }
      const html = rows.find((r) => r.type === 'Document');
      assert.equal(html?.status, 200, 'the page itself');
      assert.ok(total(rows) <= route.wire, `${total(rows)} bytes, budget ${route.wire}`);
    });
  }
});
