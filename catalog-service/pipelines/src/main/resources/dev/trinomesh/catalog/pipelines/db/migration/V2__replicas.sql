-- The replica executing a run: a run whose replica died is failed (nothing of it published) and retried.
ALTER TABLE pipeline_runs ADD COLUMN replica VARCHAR(128);
