package dev.trinomesh.catalog.server.lake;

import dev.trinomesh.catalog.lake.LakeConfig;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableCommit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Multi-table commits are all or nothing; tables stay where the catalog puts them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestMultiTableCommit
{
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
    private TestingCatalogService service;
    private RESTCatalog client;

    @BeforeAll
    void start()
    {
        service = new TestingCatalogService();
        client = TestingLake.client(service, "client", Map.of());
        client.createNamespace(Namespace.of("tx"));
    }

    @AfterAll
    void stop()
            throws IOException
    {
        client.close();
        service.close();
    }

    @Test
    void allTablesChangeTogether()
    {
        Table first = client.createTable(TableIdentifier.of("tx", "first"), SCHEMA);
        Table second = client.createTable(TableIdentifier.of("tx", "second"), SCHEMA);
        client.commitTransaction(withProperty(first, "release", "7"), withProperty(second, "release", "7"));
        assertThat(client.loadTable(TableIdentifier.of("tx", "first")).properties()).containsEntry("release", "7");
        assertThat(client.loadTable(TableIdentifier.of("tx", "second")).properties()).containsEntry("release", "7");
    }

    @Test
    void aStaleTableFailsTheWholeCommitAndLeavesNoFiles()
            throws IOException
    {
        TableIdentifier kept = TableIdentifier.of("tx", "kept");
        TableIdentifier stale = TableIdentifier.of("tx", "stale");
        Table keptTable = client.createTable(kept, SCHEMA);
        Table staleTable = client.createTable(stale, SCHEMA);
        TableCommit keptChange = withProperty(keptTable, "release", "8");
        TableCommit staleChange = withColumn(staleTable, "mine");
        // Someone else changes the schema after this client read it.
        client.loadTable(stale).updateSchema().addColumn("theirs", Types.StringType.get()).commit();
        long filesBefore = metadataFiles(keptTable);

        assertThatThrownBy(() -> client.commitTransaction(keptChange, staleChange))
                .isInstanceOf(CommitFailedException.class)
                .hasMessageContaining("Requirement failed");
        assertThat(client.loadTable(kept).properties()).doesNotContainKey("release");
        assertThat(client.loadTable(stale).schema().findField("mine")).isNull();
        assertThat(metadataFiles(keptTable)).isEqualTo(filesBefore);
    }

    @Test
    void aTableChangedTwiceInOneCommitIsABadRequest()
    {
        Table table = client.createTable(TableIdentifier.of("tx", "twice"), SCHEMA);
        assertThatThrownBy(() -> client.commitTransaction(withProperty(table, "a", "1"), withProperty(table, "b", "2")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Table tx.twice is changed twice in one transaction; send its changes as one");
    }

    @Test
    void tablesCannotBePlacedOutsideTheirNamespace()
    {
        String warehouse = service.getInstance(LakeConfig.class).getWarehouse().replaceAll("/$", "");
        assertThatThrownBy(() -> client.buildTable(TableIdentifier.of("tx", "elsewhere"), SCHEMA).withLocation(warehouse + "/other/elsewhere").create())
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Table tx.elsewhere must be located under " + warehouse + "/tx/, not at " + warehouse + "/other/elsewhere");
        assertThatThrownBy(() -> client.buildTable(TableIdentifier.of("tx", "escaping"), SCHEMA).withLocation(warehouse + "/tx/../other/escaping").create())
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("must be located under");
        assertThat(client.buildTable(TableIdentifier.of("tx", "placed"), SCHEMA).withLocation(warehouse + "/tx/placed_v2").create().location())
                .isEqualTo(warehouse + "/tx/placed_v2");
    }

    private static TableCommit withProperty(Table table, String key, String value)
    {
        TableMetadata base = ((BaseTable) table).operations().current();
        return TableCommit.create(identifier(table), base, TableMetadata.buildFrom(base).setProperties(Map.of(key, value)).build());
    }

    private static TableCommit withColumn(Table table, String column)
    {
        TableMetadata base = ((BaseTable) table).operations().current();
        Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()), Types.NestedField.optional(base.lastColumnId() + 1, column, Types.StringType.get()));
        return TableCommit.create(identifier(table), base, TableMetadata.buildFrom(base).setCurrentSchema(schema, base.lastColumnId() + 1).build());
    }

    private static TableIdentifier identifier(Table table)
    {
        // RESTCatalog names tables "<catalog>.<namespace>.<table>".
        String[] parts = table.name().split("\\.");
        return TableIdentifier.of(parts[parts.length - 2], parts[parts.length - 1]);
    }

    private long metadataFiles(Table table)
            throws IOException
    {
        Path directory = TestingLake.localRoot(service).resolve(table.location().replaceFirst("^[a-z]+:///", "")).resolve("metadata");
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".metadata.json")).count();
        }
    }
}
