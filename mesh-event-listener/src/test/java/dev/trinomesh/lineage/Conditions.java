package dev.trinomesh.lineage;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

/**
 * Bounded waits for the tests: on a condition, or for a call to return. The bound only decides when a test gives
 * up; it is far above what the behaviour needs even on a loaded machine, and far below what the broken behaviour
 * the test guards against would take (the tests set such delays to an hour), so no test depends on a timing.
 */
final class Conditions
{
    /** How long a test waits for a condition before it fails: the slowest wait took 16 s with the machine's two cores busy. */
    static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private Conditions() {}

    static void await(String description, BooleanSupplier condition)
    {
        await(description, condition, () -> "");
    }

    /** Waits until {@code condition} holds; on timeout fails with {@code description} and the {@code state} then. */
    static void await(String description, BooleanSupplier condition, Supplier<?> state)
    {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within %s s: %s. State: %s".formatted(PATIENCE.toSeconds(), description, state.get()));
            }
            // polls the condition; nothing here waits for a time to pass
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Runs {@code call} on another thread and returns its result; fails when it does not return, saying what was expected. */
    static <T> T returnsValue(String description, Callable<T> call)
            throws Exception
    {
        ExecutorService executor = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("bounded-call").factory());
        try {
            Future<T> future = executor.submit(call);
            try {
                return future.get(PATIENCE.toNanos(), NANOSECONDS);
            }
            catch (TimeoutException e) {
                future.cancel(true);
                throw new AssertionError("did not return within %s s: %s".formatted(PATIENCE.toSeconds(), description), e);
            }
            catch (ExecutionException e) {
                if (e.getCause() instanceof Exception exception) {
                    throw exception;
                }
                throw e;
            }
        }
        finally {
            executor.shutdownNow();
        }
    }

    /** Runs {@code call} on another thread; fails when it does not return, saying what was expected. */
    static void returns(String description, Runnable call)
            throws Exception
    {
        returnsValue(description, () -> {
            call.run();
            return null;
        });
    }
}
