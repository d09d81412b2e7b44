package dev.trinomesh.catalog.lake.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestLocalFileIO
{
    @TempDir
    Path root;

    @Test
    void locationsResolveLiterallyUnderTheRoot()
    {
        LocalFileIO io = new LocalFileIO(root);
        assertThat(io.resolve("local:///warehouse/sales/orders")).isEqualTo(root.resolve("warehouse/sales/orders"));
        assertThat(io.resolve("file:///warehouse/sales/orders")).isEqualTo(root.resolve("warehouse/sales/orders"));
        assertThat(io.resolve("file:/warehouse/sales/orders")).isEqualTo(root.resolve("warehouse/sales/orders"));
        // Trino writes names as they are: a percent sign is a percent sign.
        assertThat(io.resolve("local:///warehouse/a%20b")).isEqualTo(root.resolve("warehouse/a%20b"));
    }

    @Test
    void otherPlacesAreRefused()
    {
        LocalFileIO io = new LocalFileIO(root);
        assertThatThrownBy(() -> io.resolve("file://host/warehouse/x"))
                .hasMessage("not a local location (local:///path or file:///path, without a host): file://host/warehouse/x");
        assertThatThrownBy(() -> io.resolve("s3://bucket/x"))
                .hasMessageContaining("not a local location");
        assertThatThrownBy(() -> io.resolve("local:///warehouse/../../etc/passwd"))
                .hasMessage("location local:///warehouse/../../etc/passwd is outside the lake root " + root.toAbsolutePath().normalize());
    }
}
