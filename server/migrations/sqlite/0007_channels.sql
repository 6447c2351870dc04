-- Channels move data between a connection's store and warehouse; each run
-- keeps its counts, its diagnosis and a log of the records that could not
-- move. Times are ISO text made by the server.

-- A connection's three channels, made with the connection. `next_due` is
-- when the schedule runs the channel next; NULL until it is enabled.
CREATE TABLE channels (
    connection_id INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    channel       TEXT    NOT NULL CHECK (channel IN ('orders', 'shipments', 'inventory')),
    enabled       INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    schedule      TEXT    NOT NULL DEFAULT 'hourly'
                  CHECK (schedule IN ('every_15_minutes', 'hourly', 'every_6_hours', 'daily')),
    next_due      TEXT,
    last_run_id   INTEGER,
    PRIMARY KEY (connection_id, channel)
);

INSERT INTO channels (connection_id, channel)
SELECT c.id, k.channel FROM connections c,
    (SELECT 'orders' AS channel UNION ALL SELECT 'shipments' UNION ALL SELECT 'inventory') k;

CREATE INDEX channels_due ON channels (next_due) WHERE next_due IS NOT NULL;

-- One run of one channel. `started_by` is NULL for a scheduled run; the
-- diagnosis is the api crate's Diagnosis as JSON.
CREATE TABLE channel_runs (
    id            INTEGER PRIMARY KEY,
    connection_id INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    channel       TEXT    NOT NULL,
    started_at    TEXT    NOT NULL,
    finished_at   TEXT,
    started_by    TEXT,
    outcome       TEXT    NOT NULL DEFAULT 'running'
                  CHECK (outcome IN ('running', 'succeeded', 'partial', 'failed')),
    read_count    INTEGER NOT NULL DEFAULT 0,
    created_count INTEGER NOT NULL DEFAULT 0,
    updated_count INTEGER NOT NULL DEFAULT 0,
    skipped_count INTEGER NOT NULL DEFAULT 0,
    failed_count  INTEGER NOT NULL DEFAULT 0,
    diagnosis     TEXT
);

CREATE INDEX channel_runs_by_channel ON channel_runs (connection_id, channel, id DESC);

-- A run's log: each record that could not move, and the exact reason.
CREATE TABLE run_problems (
    id      INTEGER PRIMARY KEY,
    run_id  INTEGER NOT NULL REFERENCES channel_runs (id) ON DELETE CASCADE,
    record  TEXT    NOT NULL,
    sku     TEXT,
    reason  TEXT    NOT NULL
);

CREATE INDEX run_problems_by_run ON run_problems (run_id, id);

-- Store orders already created in the warehouse, so a run after a crash
-- skips them; the warehouse also refuses a second order with the same
-- reference. `tracking` is set once the shipment went back to the store.
CREATE TABLE moved_orders (
    connection_id   INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    store_order     TEXT    NOT NULL,
    warehouse_order TEXT    NOT NULL,
    moved_at        TEXT    NOT NULL,
    tracking        TEXT,
    PRIMARY KEY (connection_id, store_order)
);
