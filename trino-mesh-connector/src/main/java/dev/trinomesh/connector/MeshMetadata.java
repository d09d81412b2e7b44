package dev.trinomesh.connector;

import dev.trinomesh.connector.catalog.DatasetView;
import dev.trinomesh.connector.catalog.DeprecationNotices;
import dev.trinomesh.connector.catalog.MeshCatalog;
import dev.trinomesh.connector.catalog.MeshCatalogCache;
import dev.trinomesh.connector.catalog.ServedProduct;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTableVersion;
import io.trino.spi.connector.ConnectorViewDefinition;
import io.trino.spi.connector.RelationType;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.function.BoundSignature;
import io.trino.spi.function.FunctionDependencyDeclaration;
import io.trino.spi.function.FunctionId;
import io.trino.spi.function.FunctionMetadata;
import io.trino.spi.function.SchemaFunctionName;
import jakarta.inject.Inject;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.trinomesh.connector.MeshErrorCode.MESH_DATASET_RETIRED;
import static io.trino.spi.StandardErrorCode.FUNCTION_NOT_FOUND;
import static java.util.Objects.requireNonNull;

/**
 * The mesh as Trino metadata: served products are schemas, their datasets are views. Every answer
 * comes from the cached {@link MeshCatalog}; nothing here calls the catalog service. Reading a dataset
 * whose circuit breaker is open fails ({@link CircuitBreaker}); listing it never does. A table pinned at a
 * snapshot ({@code orders@snapshot:42}) is a view when named and is never listed.
 */
public class MeshMetadata
        implements ConnectorMetadata
{
    private final MeshCatalogCache cache;
    private final CircuitBreaker circuitBreaker;

    @Inject
    public MeshMetadata(MeshCatalogCache cache, CircuitBreaker circuitBreaker)
    {
        this.cache = requireNonNull(cache, "cache is null");
        this.circuitBreaker = requireNonNull(circuitBreaker, "circuitBreaker is null");
    }

    @Override
    public boolean schemaExists(ConnectorSession session, String schemaName)
    {
        return cache.current().schema(schemaName).isPresent();
    }

    @Override
    public List<String> listSchemaNames(ConnectorSession session)
    {
        return List.copyOf(cache.current().schemas().keySet());
    }

    @Override
    public ConnectorTableHandle getTableHandle(ConnectorSession session, SchemaTableName tableName, Optional<ConnectorTableVersion> startVersion, Optional<ConnectorTableVersion> endVersion)
    {
        // Datasets are views only; Trino asks getView first.
        return null;
    }

    @Override
    public List<SchemaTableName> listTables(ConnectorSession session, Optional<String> schemaName)
    {
        return datasets(schemaName).stream().map(DatasetView::name).toList();
    }

    @Override
    public Map<SchemaTableName, RelationType> getRelationTypes(ConnectorSession session, Optional<String> schemaName)
    {
        Map<SchemaTableName, RelationType> types = new LinkedHashMap<>();
        datasets(schemaName).forEach(dataset -> types.put(dataset.name(), RelationType.VIEW));
        return types;
    }

    @Override
    public List<SchemaTableName> listViews(ConnectorSession session, Optional<String> schemaName)
    {
        return listTables(session, schemaName);
    }

    @Override
    public Map<SchemaTableName, ConnectorViewDefinition> getViews(ConnectorSession session, Optional<String> schemaName)
    {
        Map<SchemaTableName, ConnectorViewDefinition> views = new LinkedHashMap<>();
        // A dataset whose contract cannot be compiled is left out of listings; querying it explains why.
        datasets(schemaName).forEach(dataset -> dataset.definition().ifPresent(definition -> views.put(dataset.name(), definition)));
        return views;
    }

    @Override
    public Optional<ConnectorViewDefinition> getView(ConnectorSession session, SchemaTableName viewName)
    {
        // Trino asks for one view both to read it and to list it (DESCRIBE, information_schema): a blocked
        // dataset's view keeps its columns and fails only when rows are read.
        return cache.current().dataset(viewName).map(dataset -> {
            if (!dataset.servedOn(today())) {
                throw new TrinoException(MESH_DATASET_RETIRED, "%s was served until %s, the end of its deprecation window; %s"
                        .formatted(viewName, dataset.servedUntil().orElseThrow(), dataset.deprecation().orElse("")));
            }
            return circuitBreaker.guard(session, dataset, dataset.requireDefinition());
        });
    }

    @Override
    public boolean isView(ConnectorSession session, SchemaTableName viewName)
    {
        return cache.current().dataset(viewName).isPresent();
    }

    // ---- Functions: only the hidden ones that carry deprecation notices (DeprecationNotices). They are
    // resolved by name, never listed: a listing would tell anyone which tables of any product are deprecated.

    @Override
    public Collection<FunctionMetadata> getFunctions(ConnectorSession session, SchemaFunctionName name)
    {
        return DeprecationNotices.table(name).map(this::notice).stream().toList();
    }

    @Override
    public FunctionMetadata getFunctionMetadata(ConnectorSession session, FunctionId functionId)
    {
        return DeprecationNotices.table(functionId).map(this::notice)
                .orElseThrow(() -> new TrinoException(FUNCTION_NOT_FOUND, "the mesh catalog has no function " + functionId));
    }

    @Override
    public FunctionDependencyDeclaration getFunctionDependencies(ConnectorSession session, FunctionId functionId, BoundSignature boundSignature)
    {
        return FunctionDependencyDeclaration.NO_DEPENDENCIES;
    }

    /**
     * The notice of {@code table}. A view compiled from one snapshot may be analysed after the next has
     * arrived, in which the table is no longer deprecated (or gone): its notice then says only that, rather
     * than the query failing on a missing function.
     */
    private FunctionMetadata notice(SchemaTableName table)
    {
        String notice = cache.current().dataset(table).flatMap(DatasetView::deprecation)
                .orElse("%s was deprecated when this query was planned; it may not be any more".formatted(table));
        return DeprecationNotices.metadata(table, notice);
    }

    private static LocalDate today()
    {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** The tables listed: datasets and variants, without a previous major's once its window has ended. */
    private List<DatasetView> datasets(Optional<String> schemaName)
    {
        LocalDate today = today();
        return tables(schemaName).stream().filter(table -> table.servedOn(today)).toList();
    }

    private List<DatasetView> tables(Optional<String> schemaName)
    {
        MeshCatalog catalog = cache.current();
        Collection<ServedProduct> products = schemaName
                .map(name -> catalog.schema(name).stream().toList())
                .orElseGet(() -> List.copyOf(catalog.schemas().values()));
        return products.stream().flatMap(product -> product.tables().stream()).toList();
    }
}
