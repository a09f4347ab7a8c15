package io.flinkalexnet.it.testutils;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;

/**
 * An identity map that throws once, when a given number of records have passed after the first
 * completed checkpoint: the job has then committed a transaction, holds an open one that must be
 * aborted, and must restore from that checkpoint. Until it has failed it pauses on each record, so
 * a checkpoint completes while a bounded input is still being read.
 *
 * <p>Its state is static because the MiniCluster runs in the test's JVM and a restart makes new
 * instances; call {@link #reset()} at the start of each test.
 */
public class FailOnceAfterCheckpoint<T> extends RichMapFunction<T, T> implements CheckpointListener {

    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    private static final AtomicInteger AFTER_CHECKPOINT = new AtomicInteger();
    private static final AtomicLong FAILED_AT_MILLIS = new AtomicLong();

    private final int recordsBeforeFailure;
    private final long pauseMillis;

    public FailOnceAfterCheckpoint(int recordsBeforeFailure, long pauseMillis) {
        this.recordsBeforeFailure = recordsBeforeFailure;
        this.pauseMillis = pauseMillis;
    }

    public static void reset() {
        FAILED.set(false);
        CHECKPOINTED.set(false);
        AFTER_CHECKPOINT.set(0);
        FAILED_AT_MILLIS.set(0);
    }

    /** Whether the injected failure happened. */
    public static boolean failed() {
        return FAILED.get();
    }

    /** When the injected failure happened (ms since the epoch), or 0. */
    public static long failedAtMillis() {
        return FAILED_AT_MILLIS.get();
    }

    /** A job configuration that restarts a failed job once, after 200 ms. */
    public static Configuration restartOnce() {
        return FlinkMiniCluster.restarting(1);
    }

    @Override
    public T map(T value) throws InterruptedException {
        if (!FAILED.get()) {
            Thread.sleep(pauseMillis);
            if (CHECKPOINTED.get() && AFTER_CHECKPOINT.incrementAndGet() == recordsBeforeFailure) {
                FAILED.set(true);
                FAILED_AT_MILLIS.set(System.currentTimeMillis());
                throw new IllegalStateException("Injected failure after a completed checkpoint (expected by the test).");
            }
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        CHECKPOINTED.set(true);
    }
}
