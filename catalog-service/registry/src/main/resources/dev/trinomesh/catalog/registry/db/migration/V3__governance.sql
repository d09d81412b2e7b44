-- Governance: policies (versioned like product descriptors) and the user attributes their templates read.
-- Every write advances registry_state.revision, which is the ETag of the governance snapshot.

CREATE TABLE policies (
    name VARCHAR(128) PRIMARY KEY,
    scope VARCHAR(16) NOT NULL,
    domain VARCHAR(64),
    revision INTEGER NOT NULL,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by VARCHAR(256) NOT NULL
);

-- Every revision of every policy; a removal is a revision too (active = false), so history is complete.
CREATE TABLE policy_revisions (
    policy VARCHAR(128) NOT NULL REFERENCES policies (name),
    revision INTEGER NOT NULL,
    active BOOLEAN NOT NULL,
    descriptor VARCHAR(1048576) NOT NULL,
    author VARCHAR(256) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    registry_revision BIGINT NOT NULL,
    PRIMARY KEY (policy, revision)
);

CREATE TABLE user_attributes (
    user_name VARCHAR(256) NOT NULL,
    attribute_name VARCHAR(64) NOT NULL,
    attribute_value VARCHAR(4096) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by VARCHAR(256) NOT NULL,
    PRIMARY KEY (user_name, attribute_name)
);
