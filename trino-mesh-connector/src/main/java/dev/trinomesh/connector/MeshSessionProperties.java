package dev.trinomesh.connector;

import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.session.PropertyMetadata;

import java.util.List;

import static io.trino.spi.session.PropertyMetadata.booleanProperty;

/** The mesh catalog's session properties ({@code SET SESSION mesh.read_failing = true}). */
public final class MeshSessionProperties
{
    public static final String READ_FAILING = "read_failing";

    private final List<PropertyMetadata<?>> sessionProperties = List.of(
            booleanProperty(READ_FAILING, "Read a dataset even when a blocking quality check failed", false, false));

    public List<PropertyMetadata<?>> getSessionProperties()
    {
        return sessionProperties;
    }

    public static boolean isReadFailing(ConnectorSession session)
    {
        return session.getProperty(READ_FAILING, Boolean.class);
    }
}
