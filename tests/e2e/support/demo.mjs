// Every spec's fixture: the real server in demo mode and headless Chromium,
// started before the spec's tests and stopped after them.
import { after, before } from 'node:test';
import { launch } from './browser.mjs';
import { startServer } from './server.mjs';

/** `env.server` and `env.browser` are set once the spec's `before` ran;
 * `serverArgs` are extra server options. */
export function demoServerAndBrowser(serverArgs = []) {
  const env = {};
  before(async () => {
    env.server = await startServer(serverArgs);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}
