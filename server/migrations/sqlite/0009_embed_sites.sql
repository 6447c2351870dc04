-- Sites whose pages may embed the help widget's panel (`/embed/…`): an
-- origin (scheme, host and port) per row, managed by admins. A site bound to
-- a merchant may sign that merchant's users in to the panel with `identify`
-- tokens, signed with a secret derived from the desk's key and the site's
-- `secret_version` (raised to replace the secret).
CREATE TABLE embed_sites (
    origin         TEXT    NOT NULL PRIMARY KEY CHECK (length(origin) BETWEEN 8 AND 300),
    merchant_id    INTEGER REFERENCES merchants (id) ON DELETE CASCADE,
    secret_version INTEGER NOT NULL DEFAULT 1,
    added_by       TEXT    NOT NULL,
    added_at       TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Where a session began: NULL on the desk; in the widget's panel, the site
-- whose `identify` token started it, or 'panel' for a sign-in inside the
-- panel on another site. Such sessions reach the help center only.
ALTER TABLE sessions ADD COLUMN embed TEXT;

-- `identify` tokens already exchanged, kept until they expire: each works
-- once.
CREATE TABLE identify_tokens_used (
    hash       TEXT NOT NULL PRIMARY KEY,
    expires_at TEXT NOT NULL
);

-- Articles the widget suggests on the host's pages (its `page` call): a
-- path pattern (`*` matches any run of characters) and the slugs it
-- suggests, comma-separated, in order.
CREATE TABLE help_suggestions (
    id INTEGER PRIMARY KEY,
    pattern  TEXT NOT NULL UNIQUE CHECK (length(pattern) BETWEEN 1 AND 300),
    articles TEXT NOT NULL CHECK (length(articles) BETWEEN 1 AND 1000),
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
