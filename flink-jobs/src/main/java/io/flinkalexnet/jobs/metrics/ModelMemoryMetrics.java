package io.flinkalexnet.jobs.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntSupplier;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The native memory of an operator that holds a model: the live NDArrays of its managers and the resident memory of
 * its TaskManager process. The JVM heap is bounded and reported by Flink; native memory (engine buffers, NDArrays)
 * is not, and it is how a DJL service dies slowly, so both are gauges a dashboard can watch grow.
 */
public final class ModelMemoryMetrics {

    /** Resident set size of the TaskManager process in bytes (-1 where /proc is not readable). */
    public static final String RESIDENT_MEMORY = "residentMemoryBytes";

    /** NDArrays alive under the operator's model managers. */
    public static final String LIVE_ND_ARRAYS = "liveNDArrays";

    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private ModelMemoryMetrics() {}

    /** Registers both gauges; {@code liveArrays} is read on the reporter's thread, so it must be safe to call there. */
    public static void register(MetricGroup metrics, IntSupplier liveArrays) {
        metrics.gauge(RESIDENT_MEMORY, (Gauge<Long>) ModelMemoryMetrics::residentBytes);
        metrics.gauge(LIVE_ND_ARRAYS, (Gauge<Integer>) liveArrays::getAsInt);
    }

    /** This process's resident set size (VmRSS) in bytes, or -1 where the kernel does not report it. */
    public static long residentBytes() {
        return processStatusBytes("VmRSS:");
    }

    /** This process's peak resident set size so far (VmHWM) in bytes, or -1 where the kernel does not report it. */
    public static long peakResidentBytes() {
        return processStatusBytes("VmHWM:");
    }

    private static long processStatusBytes(String field) {
        try {
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or /proc hidden: the figure says unknown instead of failing the job.
        }
        return -1;
    }
}
