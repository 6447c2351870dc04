-- The schedule's sweep for runs a stopped server left marked running
-- (`Store::close_dead_runs`) reads only those, not every channel's history.
CREATE INDEX channel_runs_running ON channel_runs (started_at) WHERE outcome = 'running';
