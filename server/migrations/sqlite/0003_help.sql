-- Help center: accounts, sessions, article comments and "was this helpful?" votes.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT    NOT NULL CHECK (length(display_name) BETWEEN 1 AND 80),
    -- argon2id PHC string; the password itself is never stored.
    password_hash TEXT    NOT NULL,
    created_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Only the SHA-256 of a session id is kept, so a leaked database does not
-- hand out live sessions.
CREATE TABLE sessions (
    id_hash    TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    expires_at TEXT    NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    article    TEXT    NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body       TEXT    NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    edited_at  TEXT
);
-- Pages walk the ids of one article in either direction.
CREATE INDEX comments_article ON comments (article, id);

-- One answer per visitor and article; `visitor` is the SHA-256 of the
-- visitor cookie.
CREATE TABLE votes (
    article TEXT    NOT NULL,
    visitor TEXT    NOT NULL,
    helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    PRIMARY KEY (article, visitor)
);
