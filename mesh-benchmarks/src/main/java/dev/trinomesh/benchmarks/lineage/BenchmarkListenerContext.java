package dev.trinomesh.benchmarks.lineage;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.trino.spi.eventlistener.EventListenerFactory.EventListenerContext;

/** What Trino 476 gives an event listener factory, without tracing. */
final class BenchmarkListenerContext
        implements EventListenerContext
{
    static final EventListenerContext INSTANCE = new BenchmarkListenerContext();

    private BenchmarkListenerContext() {}

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
        return OpenTelemetry.noop().getTracer("benchmark");
    }
}
