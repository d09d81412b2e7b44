package dev.trinomesh.catalog.data.format;

import jakarta.annotation.PreDestroy;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The off-heap memory Arrow responses are built in: one root allocator for the service, bounded, from which each
 * response takes a child for its one batch at a time. A response that would pass the bound fails instead of the JVM.
 */
public final class ArrowMemory
{
    private static final long LIMIT = 1L << 30;

    private final RootAllocator root = new RootAllocator(LIMIT);

    public BufferAllocator allocator()
    {
        return root;
    }

    @PreDestroy
    public void close()
    {
        root.close();
    }
}
