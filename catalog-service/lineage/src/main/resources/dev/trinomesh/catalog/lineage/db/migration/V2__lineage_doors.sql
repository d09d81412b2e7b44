-- The door a query came through (sql, or the catalog service's portal, api, quality) and, when the service ran it
-- for a person, the principal that impersonated them. Null for runs recorded before, and for other producers.
ALTER TABLE lineage_runs ADD COLUMN impersonator VARCHAR(256);
ALTER TABLE lineage_runs ADD COLUMN door VARCHAR(16);
