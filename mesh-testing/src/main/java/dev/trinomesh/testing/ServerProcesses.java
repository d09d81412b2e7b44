package dev.trinomesh.testing;

import io.airlift.log.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;

/** What the testing servers that run as processes of their own (s3proxy, the OpenID Connect issuer) share. */
final class ServerProcesses
{
    private static final long STOP_TIMEOUT_SECONDS = 10;
    private static final long POLL_MILLIS = 100;

    private ServerProcesses() {}

    /** Stops a server and anything it started, forcibly when it does not stop within 10 s. */
    static void stop(Process process)
    {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        finally {
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Stops a server (unless it is stopped already: null), then deletes its directory (a leftover is only logged). */
    static void stopAndRemove(Process process, Path directory)
    {
        if (process != null) {
            stop(process);
        }
        try {
            deleteRecursively(directory, ALLOW_INSECURE);
        }
        catch (IOException e) {
            Logger.get(ServerProcesses.class).warn(e, "cannot delete %s", directory);
        }
    }

    /** The pause between two looks at a starting server. */
    static void pause()
    {
        try {
            Thread.sleep(POLL_MILLIS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
