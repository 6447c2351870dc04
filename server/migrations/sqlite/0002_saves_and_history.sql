-- Issue 4: optimistic versions per side, and the Test Connection history.

-- One row per connection side. `version` grows with every save of that side;
-- a save must name the version it was edited from (stale saves get 409).
CREATE TABLE sides (
    connection_id INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    side          TEXT    NOT NULL CHECK (side IN ('store', 'warehouse')),
    version       INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
    saved_at      TEXT,
    PRIMARY KEY (connection_id, side)
);

INSERT INTO sides (connection_id, side, version)
SELECT id, 'store', 0 FROM connections
UNION ALL
SELECT id, 'warehouse', 0 FROM connections;

-- Every Test Connection run that reached a platform: when, who, what was
-- tested and how it went. No credential, no response body.
CREATE TABLE test_runs (
    id            INTEGER PRIMARY KEY,
    connection_id INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    side          TEXT    NOT NULL CHECK (side IN ('store', 'warehouse')),
    platform      TEXT    NOT NULL,
    ran_at        TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ran_by        TEXT    NOT NULL,
    ok            INTEGER NOT NULL CHECK (ok IN (0, 1)),
    category      TEXT,
    http_status   INTEGER,
    duration_ms   INTEGER NOT NULL
);

CREATE INDEX test_runs_by_side ON test_runs (connection_id, side, id DESC);
