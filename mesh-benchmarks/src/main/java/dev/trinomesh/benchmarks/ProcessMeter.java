package dev.trinomesh.benchmarks;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * What one process of the benchmark stack uses while something is measured: its CPU time ({@code /proc/PID/stat},
 * user + system) and its peak resident memory ({@code VmHWM} of {@code /proc/PID/status}, reset before each measurement
 * through {@code clear_refs} where the kernel allows it); and, for a JVM reached through the attach API (its local
 * JMX agent, started on attach), the peak of its heap pools (reset the same way) and its garbage collections.
 */
final class ProcessMeter
        implements AutoCloseable
{
    private final String name;
    private final long pid;
    private final double ticksPerSecond;
    private final boolean peakResettable;
    private final Optional<JMXConnector> connector;
    private final List<MemoryPoolMXBean> heapPools;
    private final List<GarbageCollectorMXBean> collectors;
    private final Optional<MemoryMXBean> memory;
    private final String jmxProblem;

    /** The process whose pid {@code pidFile} holds; {@code jvm} to reach its heap through the attach API too. */
    static ProcessMeter of(String name, Path pidFile, boolean jvm)
    {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).strip());
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the pid of %s in %s".formatted(name, pidFile), e);
        }
        return new ProcessMeter(name, pid, jvm);
    }

    /** The process {@code pid}, measured from /proc only (no heap). */
    static ProcessMeter of(String name, long pid)
    {
        return new ProcessMeter(name, pid, false);
    }

    private ProcessMeter(String name, long pid, boolean jvm)
    {
        this.name = requireNonNull(name, "name is null");
        this.pid = pid;
        this.ticksPerSecond = clockTicks();
        this.peakResettable = resetPeakResident(pid);
        JMXConnector connected = null;
        List<MemoryPoolMXBean> pools = List.of();
        List<GarbageCollectorMXBean> gcs = List.of();
        MemoryMXBean memoryBean = null;
        String problem = jvm ? null : "not measured";
        if (jvm) {
            try {
                VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
                String address;
                try {
                    address = vm.startLocalManagementAgent();
                }
                finally {
                    vm.detach();
                }
                connected = connect(address);
                MBeanServerConnection mbeans = connected.getMBeanServerConnection();
                pools = ManagementFactory.getPlatformMXBeans(mbeans, MemoryPoolMXBean.class).stream().filter(pool -> pool.getType() == MemoryType.HEAP).toList();
                gcs = ManagementFactory.getPlatformMXBeans(mbeans, GarbageCollectorMXBean.class);
                memoryBean = ManagementFactory.getPlatformMXBean(mbeans, MemoryMXBean.class);
            }
            catch (Exception e) {
                problem = e.toString();
            }
        }
        this.connector = Optional.ofNullable(connected);
        this.heapPools = pools;
        this.collectors = gcs;
        this.memory = Optional.ofNullable(memoryBean);
        this.jmxProblem = problem;
    }

    @SuppressWarnings("BanJNDI") // the address is the local JMX agent of the stack's own process, from the attach API
    private static JMXConnector connect(String address)
            throws IOException
    {
        return JMXConnectorFactory.connect(new JMXServiceURL(address));
    }

    String name()
    {
        return name;
    }

    long pid()
    {
        return pid;
    }

    /** The command line's {@code -Xmx}, and the heap's maximum as the JVM reports it when reachable. */
    String maxHeap()
    {
        String commandLine;
        try {
            commandLine = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"), UTF_8).replace('\0', ' ');
        }
        catch (IOException e) {
            commandLine = "";
        }
        String xmx = Arrays.stream(commandLine.split(" ")).filter(argument -> argument.startsWith("-Xmx")).reduce((_, last) -> last).orElse("no -Xmx");
        return memory.map(bean -> "%s (the JVM's heap maximum: %d MiB)".formatted(xmx, bean.getHeapMemoryUsage().getMax() >> 20)).orElse(xmx);
    }

    String describe()
    {
        return "%s: pid %d, %s; peak RSS %s; heap %s".formatted(name, pid, maxHeap(), peakResettable ? "reset before each measurement" : "NOT resettable (VmHWM is the process's lifetime peak)",
                connector.isPresent() ? "peaks of its %d heap pools through JMX (attach API)".formatted(heapPools.size()) : "not reachable: " + jmxProblem);
    }

    /** Starts a measurement: resets the peaks and notes the CPU time and collections so far. */
    Mark start()
    {
        if (peakResettable) {
            resetPeakResident(pid);
        }
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        return new Mark(cpuTicks(), collections(), collectionMillis());
    }

    /** What the process used since {@code mark}. */
    Usage since(Mark mark)
    {
        long ticks = cpuTicks() - mark.ticks();
        long heapPeak = connector.isEmpty() ? -1 : heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        return new Usage(ticks / ticksPerSecond, status("VmHWM"), heapPeak, collections() - mark.collections(), collectionMillis() - mark.collectionMillis());
    }

    /** The resident memory now, in bytes. */
    long resident()
    {
        return status("VmRSS");
    }

    record Mark(long ticks, long collections, long collectionMillis) {}

    /**
     * CPU seconds (user + system); peak resident bytes; the sum of the heap pools' peaks in bytes (an upper bound of the
     * heap's peak, the pools peaking at different moments; -1 when not reachable); collections and their milliseconds.
     */
    record Usage(double cpuSeconds, long peakResident, long peakHeap, long collections, long collectionMillis) {}

    private long cpuTicks()
    {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), UTF_8);
            // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of %s (pid %s): has it exited?".formatted(name, pid), e);
        }
    }

    private long status(String field)
    {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"), UTF_8)) {
                if (line.startsWith(field + ":")) {
                    // "VmHWM:\t  123456 kB"
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip()) * 1024;
                }
            }
            throw new IllegalStateException("no %s in /proc/%s/status".formatted(field, pid));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the memory of %s (pid %s): has it exited?".formatted(name, pid), e);
        }
    }

    private long collections()
    {
        return collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private long collectionMillis()
    {
        return collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /** Resets the process's peak resident size (VmHWM) to its current size: "5" to clear_refs (Linux 4.0+). */
    private static boolean resetPeakResident(long pid)
    {
        try {
            Files.writeString(Path.of("/proc", String.valueOf(pid), "clear_refs"), "5");
            return true;
        }
        catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static double clockTicks()
    {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String output = new String(getconf.getInputStream().readAllBytes(), UTF_8).strip();
            return getconf.waitFor() == 0 ? Double.parseDouble(output) : 100;
        }
        catch (IOException | NumberFormatException e) {
            return 100;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    @Override
    public void close()
            throws IOException
    {
        if (connector.isPresent()) {
            connector.orElseThrow().close();
        }
    }
}
