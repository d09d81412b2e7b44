package dev.trinomesh.catalog.lake.api;

import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/** The lake's tables, for areas that act on them directly (tags of releases); every commit still meets the contract gate. */
public interface LakeTables
{
    /**
     * Loads a table of the lake.
     *
     * @throws org.apache.iceberg.exceptions.NoSuchTableException when there is no such table
     */
    Table loadTable(TableIdentifier table);
}
