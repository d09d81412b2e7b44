-- Product registry. Portable SQL: runs on PostgreSQL and on H2 (PostgreSQL mode).

-- One row; its revision increases in every write transaction. The row lock orders writers, so the
-- revision is monotonic in commit order and serves as the ETag of the registry snapshot.
CREATE TABLE registry_state (
    id INTEGER PRIMARY KEY,
    revision BIGINT NOT NULL
);
INSERT INTO registry_state (id, revision) VALUES (1, 0);

CREATE TABLE domains (
    name VARCHAR(64) PRIMARY KEY,
    owner VARCHAR(256),
    description VARCHAR(10000),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The current state of each product; its descriptor is the row of product_revisions at (name, revision).
CREATE TABLE products (
    name VARCHAR(128) PRIMARY KEY,
    domain VARCHAR(64) NOT NULL REFERENCES domains (name),
    owner VARCHAR(256) NOT NULL,
    status VARCHAR(16) NOT NULL,
    version VARCHAR(128) NOT NULL,
    revision INTEGER NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by VARCHAR(256) NOT NULL
);
CREATE INDEX products_by_domain ON products (domain, name);
CREATE INDEX products_by_status ON products (status, name);
CREATE INDEX products_by_owner ON products (owner, name);

-- Every revision of every descriptor, never updated or deleted.
CREATE TABLE product_revisions (
    product VARCHAR(128) NOT NULL REFERENCES products (name),
    revision INTEGER NOT NULL,
    version VARCHAR(128) NOT NULL,
    status VARCHAR(16) NOT NULL,
    descriptor VARCHAR(1048576) NOT NULL,
    author VARCHAR(256) NOT NULL,
    summary VARCHAR(2000) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    registry_revision BIGINT NOT NULL,
    PRIMARY KEY (product, revision)
);

CREATE TABLE product_tags (
    product VARCHAR(128) NOT NULL REFERENCES products (name),
    tag VARCHAR(64) NOT NULL,
    PRIMARY KEY (product, tag)
);
CREATE INDEX product_tags_by_tag ON product_tags (tag, product);
