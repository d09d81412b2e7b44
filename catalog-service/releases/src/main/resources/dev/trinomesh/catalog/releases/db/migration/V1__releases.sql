-- Data releases. Portable SQL: runs on PostgreSQL and on H2 (PostgreSQL mode).

-- A named release of a dataset: its lake table pinned at one Iceberg snapshot, which the lake keeps
-- by an Iceberg tag; the contract's columns (JSON) and the product's version as they were when it was made.
CREATE TABLE dataset_releases (
    product VARCHAR(128) NOT NULL,
    dataset VARCHAR(128) NOT NULL,
    name VARCHAR(64) NOT NULL,
    product_version VARCHAR(128) NOT NULL,
    source_table VARCHAR(1000) NOT NULL,
    snapshot_id BIGINT NOT NULL,
    tag VARCHAR(256) NOT NULL,
    columns_json VARCHAR(1048576) NOT NULL,
    description VARCHAR(2000),
    created_by VARCHAR(256) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (product, dataset, name)
);
