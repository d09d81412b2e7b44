-- Each product owns one lake namespace (by default its own name); no two products share one.
ALTER TABLE products ADD COLUMN lake_namespace VARCHAR(128);
UPDATE products SET lake_namespace = name;
ALTER TABLE products ALTER COLUMN lake_namespace SET NOT NULL;
CREATE UNIQUE INDEX products_by_lake_namespace ON products (lake_namespace);
