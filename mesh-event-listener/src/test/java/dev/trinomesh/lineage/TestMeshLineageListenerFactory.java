package dev.trinomesh.lineage;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.EventListenerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad settings fail Trino's startup, naming the property and what to do. */
class TestMeshLineageListenerFactory
{
    private static final EventListenerFactory.EventListenerContext CONTEXT = new EventListenerFactory.EventListenerContext()
    {
        @Override
        public String getVersion()
        {
            return "476";
        }

        @Override
        public OpenTelemetry getOpenTelemetry()
        {
            return OpenTelemetry.noop();
        }

        @Override
        public Tracer getTracer()
        {
            return OpenTelemetry.noop().getTracer("test");
        }
    };

    @TempDir
    Path spoolDir;

    @Test
    void pluginProvidesTheListener()
    {
        assertThat(StreamSupport.stream(new MeshEventListenerPlugin().getEventListenerFactories().spliterator(), false).map(EventListenerFactory::getName))
                .containsExactly("mesh-lineage");
    }

    @Test
    void serviceUriIsRequired()
    {
        assertThatThrownBy(() -> create(Map.of("mesh.lineage.spool-dir", spoolDir.toString())))
                .hasMessageContaining("set mesh.catalog-service.uri to the catalog service's base URI");
    }

    @Test
    void invalidValuesNameTheProperty()
    {
        assertThatThrownBy(() -> create(valid("mesh.lineage.spool-full-policy", "drop-random")))
                .hasMessageContaining("mesh.lineage.spool-full-policy")
                .hasMessageContaining("drop-random");
        assertThatThrownBy(() -> create(valid("mesh.lineage.queue-capacity", "0")))
                .hasMessageContaining("mesh.lineage.queue-capacity")
                .hasMessageContaining("must be greater than or equal to 1");
        assertThatThrownBy(() -> create(valid("mesh.lineage.forward.uris", "marquez:5000")))
                .hasMessageContaining("mesh.lineage.forward.uris must be distinct absolute http or https URIs");
        assertThatThrownBy(() -> create(valid("mesh.lineage.retry-max-delay", "10ms")))
                .hasMessageContaining("mesh.lineage.retry-max-delay must not be shorter than mesh.lineage.retry-initial-delay");
        assertThatThrownBy(() -> create(valid("mesh.lineage.spool-max-size", "10B")))
                .hasMessageContaining("mesh.lineage.spool-max-size");
        assertThatThrownBy(() -> create(valid("mesh.lineage.batchsize", "10")))
                .hasMessageContaining("mesh.lineage.batchsize");
    }

    @Test
    void spoolDirectoryMustBeUsable()
            throws Exception
    {
        Path file = Files.createFile(spoolDir.resolve("not-a-directory"));

        assertThatThrownBy(() -> create(valid("mesh.lineage.spool-dir", file.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mesh.lineage.spool-dir=" + file + ": cannot use " + file.resolve("catalog-service"))
                .hasMessageContaining("Set it to a writable directory");
    }

    @Test
    void spoolDirectoryIsUsedByOneListener()
    {
        EventListener first = create(valid());
        try {
            assertThatThrownBy(() -> create(valid()))
                    .hasMessageContaining("another mesh-lineage listener in this JVM uses");
        }
        finally {
            first.shutdown();
        }
        // the lock is released on shutdown
        create(valid()).shutdown();
    }

    private Map<String, String> valid(String... overrides)
    {
        Map<String, String> config = new HashMap<>(Map.of(
                "mesh.catalog-service.uri", "http://127.0.0.1:1",
                "mesh.catalog-service.token", "no-service-there",
                "mesh.lineage.spool-dir", spoolDir.toString()));
        for (int i = 0; i < overrides.length; i += 2) {
            config.put(overrides[i], overrides[i + 1]);
        }
        return config;
    }

    private static EventListener create(Map<String, String> config)
    {
        return new MeshLineageListenerFactory().create(config, CONTEXT);
    }
}
