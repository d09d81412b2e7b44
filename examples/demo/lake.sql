-- The demo products' lake tables, built from TPC-H at scale ${scale} by ./mesh up (as admin).
-- Each product owns the namespace of its name; the contract gate checks every table as it is created.
CREATE SCHEMA IF NOT EXISTS lake.sales_orders;
CREATE TABLE IF NOT EXISTS lake.sales_orders.orders AS SELECT * FROM tpch.${scale}.orders;
CREATE TABLE IF NOT EXISTS lake.sales_orders.lineitem AS SELECT * FROM tpch.${scale}.lineitem;
CREATE SCHEMA IF NOT EXISTS lake.customer_profiles;
CREATE TABLE IF NOT EXISTS lake.customer_profiles.customers AS SELECT * FROM tpch.${scale}.customer;
CREATE TABLE IF NOT EXISTS lake.customer_profiles.nations AS SELECT * FROM tpch.${scale}.nation;
CREATE TABLE IF NOT EXISTS lake.customer_profiles.regions AS SELECT * FROM tpch.${scale}.region;
CREATE SCHEMA IF NOT EXISTS lake.supply_parts;
CREATE TABLE IF NOT EXISTS lake.supply_parts.parts AS SELECT * FROM tpch.${scale}.part;
CREATE TABLE IF NOT EXISTS lake.supply_parts.suppliers AS SELECT * FROM tpch.${scale}.supplier;
CREATE TABLE IF NOT EXISTS lake.supply_parts.stock AS SELECT * FROM tpch.${scale}.partsupp;
