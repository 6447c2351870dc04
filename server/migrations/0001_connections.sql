-- Connections and the credentials of each side.
CREATE TABLE connections (
    id                 INTEGER PRIMARY KEY,
    name               TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    enabled            INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    store_platform     TEXT    NOT NULL,
    warehouse_platform TEXT    NOT NULL,
    created_at         TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- One row per saved field. A field belongs to the platform the side had when
-- it was saved; changing a side's platform deletes that side's rows.
CREATE TABLE credentials (
    connection_id INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    side          TEXT    NOT NULL CHECK (side IN ('store', 'warehouse')),
    field         TEXT    NOT NULL,
    value         TEXT    NOT NULL,
    PRIMARY KEY (connection_id, side, field)
);
