package dev.trinomesh.catalog.portal.http;

import com.google.inject.Inject;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.catalog.core.trino.TrinoConnections;
import dev.trinomesh.catalog.portal.PortalConfig;

import java.net.URI;
import java.util.stream.Collectors;

import static dev.trinomesh.api.policy.SqlLiterals.identifier;

/** Ready-to-copy SQL and JDBC URLs for a dataset, on the Trino the service itself queries. */
public class QuerySnippets
{
    private final TrinoConnections trino;
    private final String meshCatalog;

    @Inject
    public QuerySnippets(TrinoConnections trino, PortalConfig config)
    {
        this.trino = trino;
        this.meshCatalog = config.getMeshCatalog();
    }

    /** The contract's columns, each quoted, so that a reserved word or an odd name reads as written. */
    public String sql(String product, Dataset dataset)
    {
        String columns = dataset.columns().isEmpty() ? "*" : dataset.columns().stream().map(column -> identifier(column.name())).collect(Collectors.joining(", "));
        return "SELECT %s\nFROM %s.%s.%s\nLIMIT 100".formatted(columns, meshCatalog, identifier(product), identifier(dataset.name()));
    }

    public String jdbcUrl(String product)
    {
        URI uri = trino.uri().orElse(URI.create("https://localhost:8443"));
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : (tls ? 443 : 80);
        return "jdbc:trino://%s:%s/%s/%s%s".formatted(uri.getHost(), port, meshCatalog, product, tls ? "?SSL=true" : "");
    }
}
