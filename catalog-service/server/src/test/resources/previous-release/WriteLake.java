import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;

import java.util.Map;

/** Writes one lake table of the demo's customer_profiles through the REST catalog: created, then one data file appended. */
public class WriteLake
{
    public static void main(String[] args)
            throws Exception
    {
        try (RESTCatalog client = new RESTCatalog()) {
            client.initialize("previous-release-writer", Map.of(
                    CatalogProperties.URI, args[0] + "/iceberg",
                    CatalogProperties.FILE_IO_IMPL, "dev.trinomesh.catalog.lake.storage.LocalFileIO",
                    "local.root", args[1],
                    "token", args[2]));
            Schema schema = new Schema(
                    Types.NestedField.required(1, "regionkey", Types.LongType.get()),
                    Types.NestedField.required(2, "name", Types.StringType.get()),
                    Types.NestedField.optional(3, "comment", Types.StringType.get()));
            client.createNamespace(Namespace.of("customer_profiles"));
            Table table = client.buildTable(TableIdentifier.of("customer_profiles", "regions"), schema).create();
            DataFile file = DataFiles.builder(table.spec())
                    .withPath(table.location() + "/data/regions-0.parquet")
                    .withFormat(FileFormat.PARQUET)
                    .withFileSizeInBytes(1024)
                    .withMetrics(new Metrics(5L, null, Map.of(1, 5L, 2, 5L, 3, 5L), Map.of(1, 0L, 2, 0L, 3, 1L), null))
                    .build();
            table.newAppend().appendFile(file).commit();
            System.out.println("snapshot " + table.currentSnapshot().snapshotId());
        }
    }
}
