package io.santkrupa.bench;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server's memory while it is measured, read from the server's own JVM (the Attach API and
 * its platform MBeans, as jconsole does: a local process of the same user, given by
 * {@code --server-pid}), sampled every 200 ms during each measured phase: heap used, heap
 * committed, and the heap still live after the last collection (each pool's collection usage,
 * summed) -- the first two follow the collector's rhythm, the last is what the requests keep.
 * Plus the process's resident set from /proc. Nothing here goes through the server's HTTP side.
 */
final class ServerMemory implements AutoCloseable {

    private static final long MB = 1024 * 1024;

    private final long pid;
    private final JMXConnector connector;
    private final MemoryMXBean memory;
    private final List<MemoryPoolMXBean> heapPools;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-server-memory");
        t.setDaemon(true);
        return t;
    });
    private volatile Peak current;

    private ServerMemory(long pid, JMXConnector connector, MemoryMXBean memory, List<MemoryPoolMXBean> heapPools) {
        this.pid = pid;
        this.connector = connector;
        this.memory = memory;
        this.heapPools = heapPools;
        sampler.scheduleAtFixedRate(this::sample, 0, 200, TimeUnit.MILLISECONDS);
    }

    /** Attaches to the server's JVM. */
    static ServerMemory attach(long pid) {
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            MBeanServerConnection server = connector.getMBeanServerConnection();
            MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME,
                    MemoryMXBean.class);
            List<MemoryPoolMXBean> pools = new ArrayList<>();
            for (MemoryPoolMXBean pool : ManagementFactory.getPlatformMXBeans(server, MemoryPoolMXBean.class)) {
                if (pool.getType() == MemoryType.HEAP) {
                    pools.add(pool);
                }
            }
            return new ServerMemory(pid, connector, memory, pools);
        } catch (Exception e) {
            throw new BenchFailure("cannot read the memory of the server's JVM (pid " + pid + "): " + e.getMessage());
        }
    }

    /** The heap limit the server runs with (-Xmx, or the JVM's default), in MB. */
    double heapMaxMb() {
        return memory.getHeapMemoryUsage().getMax() / (double) MB;
    }

    /** Starts a phase's peaks. */
    void phaseStarts() {
        current = new Peak();
    }

    /** The phase's peaks since {@link #phaseStarts}. */
    Phase phaseEnds(String scenario, int connections) {
        Peak peak = current;
        current = null;
        sample(peak);
        return new Phase(scenario, connections, round(peak.used / (double) MB), round(peak.committed / (double) MB),
                round(peak.liveAfterGc / (double) MB), round(peak.residentKb / 1024.0));
    }

    /** One measured phase: its peaks, in MB. */
    record Phase(String scenario, int connections, double heapUsedMb, double heapCommittedMb, double heapLiveAfterGcMb,
                 double residentMb) {
    }

    private void sample() {
        Peak peak = current;
        if (peak != null) {
            sample(peak);
        }
    }

    private void sample(Peak peak) {
        try {
            MemoryUsage heap = memory.getHeapMemoryUsage();
            long live = 0;
            for (MemoryPoolMXBean pool : heapPools) {
                MemoryUsage afterGc = pool.getCollectionUsage();
                live += afterGc == null ? 0 : afterGc.getUsed();
            }
            synchronized (peak) {
                peak.used = Math.max(peak.used, heap.getUsed());
                peak.committed = Math.max(peak.committed, heap.getCommitted());
                peak.liveAfterGc = Math.max(peak.liveAfterGc, live);
                peak.residentKb = Math.max(peak.residentKb, residentKb());
            }
        } catch (RuntimeException e) {
            // a sample lost (the server busy answering JMX late) leaves the peak as it was
        }
    }

    private long residentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process gone: no resident figure
        }
        return 0;
    }

    private static final class Peak {
        long used;
        long committed;
        long liveAfterGc;
        long residentKb;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        try {
            connector.close();
        } catch (IOException e) {
            // the server may have stopped first
        }
    }
}
