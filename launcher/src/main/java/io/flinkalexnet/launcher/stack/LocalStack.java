package io.flinkalexnet.launcher.stack;

import io.flinkalexnet.launcher.Interruption;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What one launcher command starts (a local Kafka broker, a local Flink cluster, or both, in a {@link RunDirectory})
 * and stops again: on {@link #close()}, or from a shutdown hook when the JVM is asked to stop (Ctrl-C, SIGTERM), so
 * nothing is left running either way.
 */
public final class LocalStack implements AutoCloseable {

    private final RunDirectory runDirectory;
    private final PrintWriter status;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Thread shutdownHook;
    private LocalKafkaBroker kafka;
    private LocalFlinkCluster flink;
    private boolean closed;

    private LocalStack(String command, PrintWriter status) {
        this.runDirectory = RunDirectory.create(command);
        this.status = status;
        started.push(runDirectory);
        this.shutdownHook = new Thread(this::stopOnSignal, "flink-alexnet-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A stack for {@code command} that reports what it starts and stops on {@code status}; nothing started yet. */
    public static LocalStack create(String command, PrintWriter status) {
        return new LocalStack(command, status);
    }

    /** Starts the Kafka broker, with its data in the run folder. */
    public synchronized LocalKafkaBroker startKafka() throws Exception {
        requireOpen();
        kafka = LocalKafkaBroker.start(runDirectory.folder("kafka"));
        started.push(kafka);
        status.println("Kafka broker (KRaft):  " + kafka.bootstrapServers());
        status.flush();
        return kafka;
    }

    /** Starts the Flink cluster, with its temporary files and checkpoints in the run folder. */
    public synchronized LocalFlinkCluster startFlink(LocalFlinkCluster.Settings settings) throws Exception {
        requireOpen();
        flink = LocalFlinkCluster.start(runDirectory.folder("flink"), settings);
        started.push(flink);
        status.println("Flink web UI:          " + flink.webUiAddress());
        if (settings.metricsPorts() != null) {
            status.println("Prometheus metrics:    http://localhost:" + settings.metricsPorts() + "/metrics");
        }
        status.flush();
        return flink;
    }

    /** The run folder. */
    public RunDirectory runDirectory() {
        return runDirectory;
    }

    /** The broker, once started. */
    public LocalKafkaBroker kafka() {
        return kafka;
    }

    /** The cluster, once started. */
    public LocalFlinkCluster flink() {
        return flink;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the local stack was stopped");
        }
    }

    /** Stops the cluster (cancelling its jobs), then the broker, and deletes the run folder. */
    @Override
    public void close() throws Exception {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to; it finds everything stopped.
        }
    }

    private void stopOnSignal() {
        Interruption.markRequested();
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        status.println("Stopping everything this command started...");
        status.flush();
        try {
            stopAll();
        } catch (Exception e) {
            status.println("error while stopping: " + e.getMessage());
            status.flush();
        }
    }

    private synchronized void stopAll() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        Exception failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
