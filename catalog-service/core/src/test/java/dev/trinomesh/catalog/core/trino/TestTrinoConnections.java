package dev.trinomesh.catalog.core.trino;

import dev.trinomesh.api.lineage.Door;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the client refuses before it talks to Trino. Queries as people on a real HTTPS Trino: mesh-integration-tests' TestIdentityAtTrino. */
class TestTrinoConnections
{
    @Test
    void withoutAnAddressItSaysWhatToSet()
            throws IOException
    {
        TrinoConnections connections = new TrinoConnections(new TrinoConfig());
        try {
            assertThat(connections.uri()).isEmpty();
            assertThat(connections.principal()).isEqualTo("mesh-service");
            assertThatThrownBy(() -> connections.open("alice", Door.QUALITY))
                    .isInstanceOf(SQLException.class)
                    .hasMessage("the catalog service is not configured to run queries on Trino: set trino.uri (and trino.user, trino.password, trino.truststore-path)");
        }
        finally {
            connections.close();
        }
    }

    @Test
    void everyQueryComesThroughADoorOfTheService()
            throws IOException
    {
        TrinoConnections connections = new TrinoConnections(new TrinoConfig());
        try {
            // A person's own SQL is not the service's to run: it names no door, and lineage would call it theirs.
            assertThatThrownBy(() -> connections.open("alice", Door.SQL))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("SQL is not one of the service's doors");
            assertThatThrownBy(() -> connections.open(" ", Door.PORTAL))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("sessionUser is blank");
        }
        finally {
            connections.close();
        }
    }
}
