package dev.trinomesh.connector;

import io.trino.spi.connector.ConnectorTransactionHandle;

/** The mesh catalog is read-only metadata, so every transaction is the same. */
public enum MeshTransactionHandle
        implements ConnectorTransactionHandle
{
    INSTANCE
}
