-- What several servers on one database must agree on.

-- Work one server at a time may do, by name (e.g. `test:12:store`, a
-- side's Test Connection): held until released, or until it expires when
-- the server holding it died. Times are milliseconds since 1970.
CREATE TABLE leases (
    name       TEXT   PRIMARY KEY,
    holder     TEXT   NOT NULL,
    expires_ms BIGINT NOT NULL
);

-- Fixed-window rate-limit counters, by limit and client key.
CREATE TABLE rate_windows (
    key        TEXT   PRIMARY KEY,
    started_ms BIGINT NOT NULL,
    hits       BIGINT NOT NULL
);
CREATE INDEX rate_windows_by_start ON rate_windows (started_ms);
