-- Replicas share the queue: a run may wait until a time (a commit-triggered run lets a burst of commits end first),
-- and a running run names the replica executing it, so that a run of a replica that died is failed and asked again.
ALTER TABLE quality_runs ADD COLUMN not_before TIMESTAMP WITH TIME ZONE;
ALTER TABLE quality_runs ADD COLUMN replica VARCHAR(128);
