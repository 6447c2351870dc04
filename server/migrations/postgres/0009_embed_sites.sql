-- Sites whose pages may embed the help widget's panel (`/embed/…`): an
-- origin (scheme, host and port) per row, managed by admins. A site bound to
-- a merchant may sign that merchant's users in to the panel with `identify`
-- tokens, signed with a secret derived from the desk's key and the site's
-- `secret_version` (raised to replace the secret).
CREATE TABLE embed_sites (
    origin         TEXT    NOT NULL PRIMARY KEY CHECK (length(origin) BETWEEN 8 AND 300),
    merchant_id    BIGINT  REFERENCES merchants (id) ON DELETE CASCADE,
    secret_version BIGINT  NOT NULL DEFAULT 1,
    added_by       TEXT    NOT NULL,
    added_at       TEXT    NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
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
