-- Sites whose pages may embed the help widget's panel (`/embed/…`): an
-- origin (scheme, host and port) per row, managed by admins.
CREATE TABLE embed_sites (
    origin   TEXT NOT NULL PRIMARY KEY CHECK (length(origin) BETWEEN 8 AND 300),
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
);
