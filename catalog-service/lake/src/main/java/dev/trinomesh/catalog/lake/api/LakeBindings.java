package dev.trinomesh.catalog.lake.api;

import dev.trinomesh.api.model.Dataset;
import org.apache.iceberg.catalog.TableIdentifier;

import java.util.List;
import java.util.Optional;

/** Which datasets read which lake tables. */
public interface LakeBindings
{
    /** The datasets of served products that read {@code table}: the contracts its commits must keep. */
    List<Binding> of(TableIdentifier table);

    /** The lake table a dataset reads, when its source is a table of the lake catalog. */
    Optional<TableIdentifier> boundTable(Dataset dataset);
}
