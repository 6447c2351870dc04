-- Connections and the credentials of each side.
CREATE TABLE connections (
    id                 INTEGER PRIMARY KEY,
    name               TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    enabled            INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    store_platform     TEXT    NOT NULL,
    warehouse_platform TEXT    NOT NULL,
    created_at         TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- One row per saved field of a side's current platform. `sealed` is the
-- value under envelope encryption (store/crypto.rs), bound to its
-- connection, side and field.
CREATE TABLE credentials (
    connection_id INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    side          TEXT    NOT NULL CHECK (side IN ('store', 'warehouse')),
    field         TEXT    NOT NULL,
    sealed        BLOB    NOT NULL,
    PRIMARY KEY (connection_id, side, field)
);

-- Small facts about the database itself, e.g. a value sealed with the
-- key-encryption key so a wrong key is caught at start-up.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
