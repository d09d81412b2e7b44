package dev.trinomesh.connector.discovery;

import dev.trinomesh.api.client.CatalogServiceException;
import io.airlift.slice.Slice;
import io.trino.spi.TrinoException;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.TupleDomain;

import java.util.Optional;
import java.util.function.Supplier;

import static dev.trinomesh.connector.MeshErrorCode.MESH_CATALOG_UNAVAILABLE;

/** What the discovery tables fetched from the catalog service at scan time share: filter push-down and errors. */
final class ServiceTables
{
    private ServiceTables() {}

    /** The single value a scan's constraint fixes a varchar column to, if it does. */
    static Optional<String> equalTo(TupleDomain<Integer> constraint, int column)
    {
        return constraint.getDomains()
                .map(domains -> domains.get(column))
                .filter(Domain::isSingleValue)
                .map(domain -> ((Slice) domain.getSingleValue()).toStringUtf8());
    }

    static <T> T fromService(String what, Supplier<T> call)
    {
        try {
            return call.get();
        }
        catch (CatalogServiceException e) {
            throw new TrinoException(MESH_CATALOG_UNAVAILABLE, "Cannot read %s from the catalog service: %s".formatted(what, e.getMessage()), e);
        }
    }
}
