package io.flinkalexnet.launcher.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the CPU went during a run: the CPU time of the JVM's threads, sampled while they live and grouped by name
 * (digits removed), and the rest of the process's CPU time, which is the engine's native threads.
 */
final class CpuSampler extends Thread {

    // Sampling every thread is not free: five times a second it took 0.4% of a core from the run it measured.
    private static final long SAMPLE_MILLIS = 500;
    private static final int TOP_THREADS = 10;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> before = new HashMap<>();
    private final Map<Long, Long> latest = new ConcurrentHashMap<>();
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    private final long processBefore = processCpuNanos();
    private final long startNanos = System.nanoTime();
    private volatile boolean running = true;

    CpuSampler() {
        super("cpu-sampler");
        setDaemon(true);
        for (long id : threads.getAllThreadIds()) {
            before.put(id, threads.getThreadCpuTime(id));
        }
    }

    @Override
    public void run() {
        while (running) {
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null) {
                    long cpu = threads.getThreadCpuTime(info.getThreadId());
                    if (cpu > 0) {
                        latest.put(info.getThreadId(), cpu);
                        names.putIfAbsent(info.getThreadId(), info.getThreadName().replaceAll("[0-9]+", "#"));
                    }
                }
            }
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops sampling and prints the totals and the busiest thread groups. */
    void stopAndPrint(PrintWriter out) throws InterruptedException {
        running = false;
        join();
        long wall = System.nanoTime() - startNanos;
        Map<String, Long> byName = new TreeMap<>();
        long jvm = 0;
        for (Map.Entry<Long, Long> entry : latest.entrySet()) {
            long used = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
            jvm += used;
            byName.merge(names.get(entry.getKey()), used, Long::sum);
        }
        long process = processCpuNanos() - processBefore;
        out.printf(Locale.ROOT, "  CPU during the run: %.1f s in %.1f s (%.2f cores); JVM threads %.1f s, native"
                + " (engine) %.1f s%n", process / 1e9, wall / 1e9, (double) process / wall, jvm / 1e9,
                (process - jvm) / 1e9);
        byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP_THREADS)
                .forEach(entry -> out.printf(Locale.ROOT, "    %6.2f s  %s%n", entry.getValue() / 1e9,
                        entry.getKey()));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
