// DropStream help widget: embeds the help center in any page.
//
//   <script src="https://<desk>/help-widget.js" data-article="test-connection" defer></script>
//
// Adds a "Help" button; it opens /help/<article> of the same desk in an
// iframe panel. The panel is built from DOM nodes only (no innerHTML), and
// the iframe is the desk itself, so the host page never handles help HTML.
(() => {
  const script = document.currentScript;
  if (!script) return;
  const origin = new URL(script.src, location.href).origin;
  const slug = (script.dataset.article || '').replace(/[^a-z0-9-]/g, '');
  const src = `${origin}/help${slug ? `/${slug}` : ''}`;

  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Help';
  button.setAttribute('aria-expanded', 'false');
  button.className = 'ds-help-widget__button';
  Object.assign(button.style, {
    position: 'fixed', right: '1rem', bottom: '1rem', zIndex: 2147483000,
    padding: '0.6rem 1.1rem', borderRadius: '999px', border: '0',
    background: '#1d4ed8', color: '#fff', font: '600 15px system-ui, sans-serif', cursor: 'pointer',
  });

  const panel = document.createElement('div');
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', 'DropStream help');
  panel.hidden = true;
  Object.assign(panel.style, {
    position: 'fixed', right: '1rem', bottom: '4rem', width: 'min(28rem, calc(100vw - 2rem))',
    height: 'min(40rem, calc(100vh - 6rem))', zIndex: 2147483000, background: '#fff',
    border: '1px solid #d5d9e0', borderRadius: '8px', boxShadow: '0 10px 30px rgba(0,0,0,.2)',
    overflow: 'hidden',
  });

  let frame = null;
  const toggle = (open) => {
    if (open && !frame) {
      // Loaded on first open only: pages that never ask for help pay nothing.
      frame = document.createElement('iframe');
      frame.src = src;
      frame.title = 'DropStream help center';
      Object.assign(frame.style, { width: '100%', height: '100%', border: '0' });
      panel.appendChild(frame);
    }
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? 'Close help' : 'Help';
  };
  button.addEventListener('click', () => toggle(panel.hidden));
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !panel.hidden) toggle(false); });

  const mount = () => { document.body.append(panel, button); };
  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);
})();
