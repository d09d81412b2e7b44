-- The replicas of the service sharing this database. Portable SQL: runs on PostgreSQL and on H2 (PostgreSQL mode).

-- Each running replica, with the last time it said it was alive: work it holds is taken over when that is too old.
CREATE TABLE service_replicas (
    id VARCHAR(128) PRIMARY KEY,
    host VARCHAR(255) NOT NULL,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Work that one replica does at a time (schedules, following the commit log): who holds it, until when, and how far
-- the holder got through what it follows, so that the next holder goes on from there.
CREATE TABLE service_leases (
    name VARCHAR(64) PRIMARY KEY,
    holder VARCHAR(128) NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    position BIGINT NOT NULL DEFAULT -1
);
