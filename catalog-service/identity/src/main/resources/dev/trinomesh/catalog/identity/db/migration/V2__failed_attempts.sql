-- Failed logins and unknown tokens per client address and minute, counted by every replica, so that a client
-- guessing through a load balancer meets one limit, not one per replica. Rows of past minutes are deleted.
CREATE TABLE failed_attempts (
    client VARCHAR(64) NOT NULL,
    window_minute BIGINT NOT NULL,
    failures INTEGER NOT NULL,
    PRIMARY KEY (client, window_minute)
);
