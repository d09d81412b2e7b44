-- Pipelines: a product's SQL steps that build its lake tables, versioned like policies. Every write advances
-- registry_state.revision, since the governance snapshot serves each product's pipeline upstreams.
CREATE TABLE pipelines (
    name VARCHAR(128) PRIMARY KEY,
    product VARCHAR(128) NOT NULL REFERENCES products (name),
    revision INTEGER NOT NULL,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by VARCHAR(256) NOT NULL
);
CREATE INDEX pipelines_by_product ON pipelines (product, name);

-- Every revision of every pipeline; a removal is a revision too (active = false), so history is complete.
CREATE TABLE pipeline_revisions (
    pipeline VARCHAR(128) NOT NULL REFERENCES pipelines (name),
    revision INTEGER NOT NULL,
    active BOOLEAN NOT NULL,
    descriptor VARCHAR(1048576) NOT NULL,
    author VARCHAR(256) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    registry_revision BIGINT NOT NULL,
    PRIMARY KEY (pipeline, revision)
);
