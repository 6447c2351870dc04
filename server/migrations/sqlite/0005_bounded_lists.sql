-- Lists read what they show, never the whole history.

-- The latest run of each side, kept with the side by the transaction that
-- records a run, so a list reads one run per side instead of grouping every
-- run ever recorded. No REFERENCES: a run is only deleted with its
-- connection (which deletes the side too) or by retention, which keeps the
-- newest runs of every side.
ALTER TABLE sides ADD COLUMN last_run_id INTEGER;
UPDATE sides SET last_run_id = (
    SELECT max(t.id) FROM test_runs t
    WHERE t.connection_id = sides.connection_id AND t.side = sides.side
);

-- The connections list pages by (name, id), for everyone or for one
-- merchant; the merchant index replaces the one on merchant_id alone.
CREATE INDEX connections_by_name ON connections (name COLLATE NOCASE, id);
CREATE INDEX connections_by_merchant_name
    ON connections (merchant_id, name COLLATE NOCASE, id);
DROP INDEX connections_by_merchant;
