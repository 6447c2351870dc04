-- PostgreSQL edition of sqlite/0005: the latest run kept with its side, and
-- the connections list paged by (lower(name), id).
ALTER TABLE sides ADD COLUMN last_run_id BIGINT;
UPDATE sides SET last_run_id = (
    SELECT max(t.id) FROM test_runs t
    WHERE t.connection_id = sides.connection_id AND t.side = sides.side
);

CREATE INDEX connections_by_name ON connections (lower(name), id);
CREATE INDEX connections_by_merchant_name ON connections (merchant_id, lower(name), id);
DROP INDEX connections_by_merchant;
