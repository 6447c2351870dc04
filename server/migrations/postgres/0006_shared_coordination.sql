-- What several servers on one database must agree on. UNLOGGED: neither
-- table is written to the WAL, so taking a lease or counting a hit waits
-- for no disk flush; after a database crash both start empty, which is
-- right for leases of work that died with it and for rate windows.

-- Work one server at a time may do, by name (e.g. `test:12:store`, a
-- side's Test Connection): held until released, or until it expires when
-- the server holding it died. Times are milliseconds since 1970.
CREATE UNLOGGED TABLE leases (
    name       TEXT   PRIMARY KEY,
    holder     TEXT   NOT NULL,
    expires_ms BIGINT NOT NULL
);

-- Fixed-window rate-limit counters, by limit and client key.
CREATE UNLOGGED TABLE rate_windows (
    key        TEXT   PRIMARY KEY,
    started_ms BIGINT NOT NULL,
    hits       BIGINT NOT NULL
);
CREATE INDEX rate_windows_by_start ON rate_windows (started_ms);
