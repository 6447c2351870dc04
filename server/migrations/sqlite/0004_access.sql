-- Merchants own connections; users have a role; sessions expire when idle;
-- sensitive changes are audited.

CREATE TABLE merchants (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 120),
    created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- A database from before merchants existed keeps its connections and
-- accounts under one merchant; a new one starts with none.
INSERT INTO merchants (name)
SELECT 'Default merchant'
WHERE EXISTS (SELECT 1 FROM connections) OR EXISTS (SELECT 1 FROM users);

-- SQLite cannot add a REFERENCES column with a non-NULL default, and
-- rebuilding `connections` would cascade-delete every credential and run.
-- The column is added plain and the triggers below hold the foreign key.
ALTER TABLE connections ADD COLUMN merchant_id INTEGER NOT NULL DEFAULT 0;
UPDATE connections SET merchant_id = (SELECT min(id) FROM merchants);
CREATE INDEX connections_by_merchant ON connections (merchant_id);

CREATE TRIGGER connections_merchant_insert BEFORE INSERT ON connections
WHEN NOT EXISTS (SELECT 1 FROM merchants WHERE id = NEW.merchant_id)
BEGIN SELECT RAISE(ABORT, 'connections.merchant_id names no merchant'); END;

CREATE TRIGGER connections_merchant_update BEFORE UPDATE OF merchant_id ON connections
WHEN NOT EXISTS (SELECT 1 FROM merchants WHERE id = NEW.merchant_id)
BEGIN SELECT RAISE(ABORT, 'connections.merchant_id names no merchant'); END;

CREATE TRIGGER merchants_in_use BEFORE DELETE ON merchants
WHEN EXISTS (SELECT 1 FROM connections WHERE merchant_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'the merchant still owns connections'); END;

-- Existing accounts become users of the default merchant; the first admin
-- is made with `dropstream-server add-user --role admin`. An invited user
-- has an empty password_hash until they set a password with their link.
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'merchant'
    CHECK (role IN ('admin', 'staff', 'merchant'));
ALTER TABLE users ADD COLUMN merchant_id INTEGER REFERENCES merchants (id);
ALTER TABLE users ADD COLUMN disabled_at TEXT;
UPDATE users SET merchant_id = (SELECT min(id) FROM merchants);

ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
ALTER TABLE sessions ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';

-- One-time set-password links (invitations). Only the token's SHA-256 is
-- kept.
CREATE TABLE password_tokens (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TEXT    NOT NULL,
    used_at    TEXT
);

-- Who saved a side last (display name at the time).
ALTER TABLE sides ADD COLUMN saved_by TEXT;

-- Who did what, when, from where. Never a credential value or a password:
-- `detail` holds field names, roles and the like.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    user_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor    TEXT    NOT NULL,
    action   TEXT    NOT NULL,
    target   TEXT    NOT NULL DEFAULT '',
    detail   TEXT    NOT NULL DEFAULT '',
    address  TEXT    NOT NULL DEFAULT ''
);
