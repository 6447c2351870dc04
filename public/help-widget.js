// DropStream help widget: the help center in a panel on any page.
//
//   <script src="https://<desk>/help-widget.js" defer></script>
//
// Adds a Help button, in a shadow root of its own (no style reaches or
// leaves the host page). Nothing else loads until the first open: then an
// iframe shows the desk's /embed/help panel. The host page drives it with
// DropStreamHelp(command, argument); calls made before this script ran are
// queued by the snippet in the README and taken in order. The README lists
// every command, event and data- option.
(() => {
  const script = document.currentScript;
  if (!script || window.DropStreamHelp?.loaded) return;
  const desk = new URL(script.src, location.href).origin;
  const data = script.dataset;
  const text = (key, fallback) => data[key] || fallback;
  const queued = window.DropStreamHelp?.q || [];
  const listeners = { open: [], close: [], ready: [], article: [] };
  const slug = (s) => (typeof s === 'string' && /^[a-z0-9-]{1,100}$/.test(s) ? s : '');
  let ignored = 0;
  const ignore = (why) => console.debug(`DropStream help: ignored message ${++ignored} (${why})`);

  let host, button, panel, frame, ready = false, pending = [], before;

  const build = () => {
    if (host) return;
    host = document.createElement('div');
    const root = host.attachShadow({ mode: 'open' });
    // The accent is checked to be a hex colour before it enters the sheet.
    const accent = /^#[0-9a-fA-F]{3,8}$/.test(data.accent || '') ? data.accent : '#1d4ed8';
    const css = `:host{all:initial;--a:${accent}}
.b,.p{position:fixed;z-index:2147483000;${data.position === 'left' ? 'left' : 'right'}:16px;font:600 15px/1.2 system-ui,sans-serif}
.b{bottom:16px;padding:10px 18px;border:0;border-radius:999px;background:var(--a);color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.b:focus-visible,.x:focus-visible{outline:3px solid var(--a);outline-offset:3px}
.p{bottom:72px;display:flex;flex-direction:column;width:min(420px,calc(100vw - 32px));height:min(640px,calc(100vh - 96px));background:#fff;border:1px solid #d5d9e0;border-radius:10px;box-shadow:0 10px 30px rgba(0,0,0,.2);overflow:hidden}
.p[hidden]{display:none}
.h{display:flex;align-items:center;justify-content:space-between;padding:8px 8px 8px 14px;background:var(--a);color:#fff}
.h h2{font:inherit;margin:0}
.x{border:0;background:transparent;color:#fff;font:inherit;font-size:20px;line-height:1;padding:4px 10px;cursor:pointer;border-radius:6px}
iframe{flex:1;width:100%;border:0}
@media (max-width:480px){.p{left:8px;right:8px;bottom:64px;width:auto;height:calc(100vh - 80px)}}`;
    if (root.adoptedStyleSheets && window.CSSStyleSheet?.prototype.replaceSync) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
    } else {
      const style = document.createElement('style');
      if (data.nonce) style.nonce = data.nonce;
      style.textContent = css;
      root.append(style);
    }

    button = document.createElement('button');
    button.type = 'button';
    button.className = 'b';
    button.textContent = text('label', 'Help');
    button.setAttribute('aria-haspopup', 'dialog');
    button.setAttribute('aria-expanded', 'false');
    button.addEventListener('click', () => (panel.hidden ? open() : close()));
    // Pages that open the panel from their own links need no button.
    button.hidden = data.launcher === 'none';

    panel = document.createElement('div');
    panel.className = 'p';
    panel.hidden = true;
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-labelledby', 't');
    const head = document.createElement('div');
    head.className = 'h';
    const title = document.createElement('h2');
    title.id = 't';
    title.textContent = text('title', 'Help center');
    const x = document.createElement('button');
    x.type = 'button';
    x.className = 'x';
    x.textContent = '×';
    x.setAttribute('aria-label', text('closeLabel', 'Close help'));
    x.addEventListener('click', () => close());
    head.append(title, x);
    panel.append(head);
    panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(); });
    root.append(panel, button);
    document.body.append(host);
  };

  const emit = (name, detail) => listeners[name].forEach((fn) => { try { fn(detail); } catch (e) { console.error(e); } });

  // Messages go to the desk's origin only, once the panel said it is ready;
  // until then the latest of each kind waits.
  const post = (message) => {
    if (!ready) {
      pending = pending.filter((m) => m.type !== message.type);
      return pending.push(message);
    }
    frame.contentWindow.postMessage({ ds: 'help', ...message }, desk);
  };

  const open = (where) => {
    build();
    const article = slug(where ? where.article : data.article), section = slug(where?.section);
    if (!frame) {
      const start = new URL(`/embed/help${article ? `/${article}` : ''}`, desk);
      start.searchParams.set('host', location.origin);
      if (section) start.hash = section;
      frame = document.createElement('iframe');
      frame.src = start.href;
      frame.title = text('title', 'Help center');
      panel.append(frame);
    } else if (where) {
      post({ type: 'open', article, section });
    }
    if (!panel.hidden) return;
    // What had the focus, looking into shadow roots (ours included).
    before = document.activeElement;
    while (before?.shadowRoot?.activeElement) before = before.shadowRoot.activeElement;
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    frame.focus();
    // The panel moves the focus on to its first control.
    post({ type: 'focus' });
    emit('open');
  };

  const close = () => {
    if (!panel || panel.hidden) return;
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    (before && before !== document.body && before.isConnected ? before : button).focus();
    emit('close');
  };

  window.addEventListener('message', (e) => {
    const m = e.data;
    if (!frame || e.source !== frame.contentWindow) return m?.ds === 'help' && ignore('not from the panel');
    if (e.origin !== desk) return ignore('wrong origin');
    if (!m || m.ds !== 'help' || typeof m.type !== 'string') return ignore('not a help message');
    if (m.type === 'ready') {
      ready = true;
      pending.splice(0).forEach(post);
      emit('ready');
    } else if (m.type === 'article' && slug(m.slug)) emit('article', { article: m.slug });
    else if (m.type === 'close') close();
    else ignore(`unknown type ${m.type}`);
  });

  const commands = {
    open: (where) => open(where && typeof where === 'object' ? where : where ? { article: where } : undefined),
    close,
    search: (query) => { open(); post({ type: 'search', query: String(query ?? '').slice(0, 200) }); },
    suggest: (list) => { if (Array.isArray(list)) post({ type: 'suggest', articles: list.filter(slug).slice(0, 10) }); },
    // The host's address (single-page hosts call it on every route change):
    // the panel lists the articles the desk's admins suggest for it.
    page: (url) => post({ type: 'page', url: String(url ?? location.href).slice(0, 2000) }),
    on: (name, fn) => { if (listeners[name] && typeof fn === 'function') listeners[name].push(fn); },
    // A token the host's server signed; sent once the panel has started.
    identify: (token) => { if (typeof token === 'string' && token) post({ type: 'identify', token }); },
  };

  window.DropStreamHelp = Object.assign((name, arg, fn) => {
    if (!Object.hasOwn(commands, name)) return console.warn(`DropStreamHelp: unknown command ${name}`);
    commands[name](arg, fn);
  }, { loaded: true });

  const start = () => {
    build();
    for (const args of queued) window.DropStreamHelp(...args);
  };
  if (document.body) start(); else document.addEventListener('DOMContentLoaded', start);
})();
