// The demo sign-ins (server/src/demo_seed.rs prints the same list at start-up),
// and signing a browser context in the way the sign-in page does.

export const DEMO = {
  merchant: { email: 'ana@demo.dropstream.test', password: 'demo-password-ana', name: 'Ana Merchant' },
  staff: { email: 'ben@demo.dropstream.test', password: 'demo-password-ben', name: 'Ben Support' },
  admin: { email: 'ada@demo.dropstream.test', password: 'demo-password-ada', name: 'Ada Admin' },
  otherMerchant: { email: 'hal@demo.dropstream.test', password: 'demo-password-hal', name: 'Hal Harbor' },
};

/** Signs `context` in as `who` through the API: the CSRF cookie from
 * `GET /api/session`, then `POST /api/session` echoing it. The context's
 * pages share the session cookie. */
export async function signIn(context, baseUrl, who) {
  await context.request.get(`${baseUrl}/api/session`);
  const csrf = (await context.cookies(baseUrl)).find((c) => c.name === 'ds_csrf')?.value;
  const r = await context.request.post(`${baseUrl}/api/session`, {
    data: { email: who.email, password: who.password },
    headers: { 'x-csrf-token': csrf ?? '' },
  });
  if (!r.ok()) throw new Error(`signing in as ${who.email}: ${r.status()} ${await r.text()}`);
}
