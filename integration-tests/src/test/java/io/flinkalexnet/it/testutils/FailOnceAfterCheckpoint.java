package io.flinkalexnet.it.testutils;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Passes records on unchanged and throws once, when a given number of records have passed after the
 * first completed checkpoint; until then each record is slowed, so that a checkpoint completes
 * mid-stream. Insert it with {@code .map(new FailOnceAfterCheckpoint<>(20, 10))} and call
 * {@link #reset()} before each job: its state is static, because the MiniCluster runs in the test's
 * JVM and a restart makes new instances.
 *
 * @param <T> the record type
 */
public final class FailOnceAfterCheckpoint<T> extends RichMapFunction<T, T> implements CheckpointListener {

    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    private static final AtomicInteger AFTER_CHECKPOINT = new AtomicInteger();

    private final int recordsAfterCheckpoint;
    private final long slowdownMillis;

    /**
     * @param recordsAfterCheckpoint records (over all subtasks) to pass after the first completed checkpoint before failing
     * @param slowdownMillis pause per record until the failure
     */
    public FailOnceAfterCheckpoint(int recordsAfterCheckpoint, long slowdownMillis) {
        this.recordsAfterCheckpoint = recordsAfterCheckpoint;
        this.slowdownMillis = slowdownMillis;
    }

    /** Arms the failure for the next job. */
    public static void reset() {
        FAILED.set(false);
        CHECKPOINTED.set(false);
        AFTER_CHECKPOINT.set(0);
    }

    /** Whether the failure has happened since the last {@link #reset()}. */
    public static boolean failed() {
        return FAILED.get();
    }

    @Override
    public T map(T record) throws InterruptedException {
        if (!FAILED.get()) {
            Thread.sleep(slowdownMillis);
            if (CHECKPOINTED.get() && AFTER_CHECKPOINT.incrementAndGet() == recordsAfterCheckpoint) {
                FAILED.set(true);
                throw new IllegalStateException("Injected failure after a completed checkpoint (expected by the test).");
            }
        }
        return record;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        CHECKPOINTED.set(true);
    }
}
