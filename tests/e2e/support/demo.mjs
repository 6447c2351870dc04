// Every spec's fixture: the real server in demo mode and headless Chromium,
// started before the spec's tests and stopped after them.
import { after, before } from 'node:test';
import { DEMO, signIn } from './accounts.mjs';
import { launch } from './browser.mjs';
import { startServer } from './server.mjs';

/** `env.server` and `env.browser` are set once the spec's `before` ran;
 * `serverArgs` are extra server options. `env.signedInContext(options, who)`
 * and `env.signedInPage(options, who)` open a fresh browser profile signed
 * in as `who` (the demo admin unless told otherwise). Each person signs in
 * once per spec and later profiles reuse that session's cookies: sign-in
 * attempts are rate-limited per address and email. */
export function demoServerAndBrowser(serverArgs = []) {
  const sessions = new Map();
  const env = {
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
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}
