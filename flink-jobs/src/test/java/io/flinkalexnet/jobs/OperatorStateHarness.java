package io.flinkalexnet.jobs;

import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.OperatorStateBackend;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * One subtask of a pass-through keyed operator in Flink's operator test harness, whose keyed and operator state the
 * operators' parts are handed, as their operator hands them its own, and checkpointed and restored for real.
 */
public final class OperatorStateHarness<K> implements AutoCloseable {

    /** The max parallelism of every harness, so that their checkpoints can be rescaled into each other. */
    public static final int MAX_PARALLELISM = 128;

    private final KeyedOneInputStreamOperatorTestHarness<K, K, K> harness;

    private OperatorStateHarness(KeyedOneInputStreamOperatorTestHarness<K, K, K> harness) {
        this.harness = harness;
    }

    /** Subtask {@code subtask} of {@code parallelism}, opened on the state of {@code checkpoint} unless it is null. */
    public static <K> OperatorStateHarness<K> open(TypeInformation<K> keyType, int parallelism, int subtask,
            OperatorSubtaskState checkpoint) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<K, K, K> harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new StreamMap<K, K>(key -> key), key -> key, keyType, MAX_PARALLELISM, parallelism, subtask);
        // The trainer's state (about 26 MB) is over the default in-memory limit of 5 MB.
        harness.setCheckpointStorage(new JobManagerCheckpointStorage(64 << 20));
        if (checkpoint != null) {
            harness.initializeState(checkpoint);
        }
        harness.open();
        return new OperatorStateHarness<>(harness);
    }

    public KeyedStateStore keyedStore() {
        return operator().getKeyedStateStore();
    }

    public KeyedStateBackend<K> keyedBackend() {
        return operator().getKeyedStateBackend();
    }

    public OperatorStateBackend operatorBackend() {
        return operator().getOperatorStateBackend();
    }

    public TaskInfo taskInfo() {
        return operator().getRuntimeContext().getTaskInfo();
    }

    public void setCurrentKey(K key) {
        operator().setCurrentKey(key);
    }

    /** Checkpoint {@code checkpointId} of everything written to the state so far. */
    public OperatorSubtaskState snapshot(long checkpointId) throws Exception {
        return harness.snapshot(checkpointId, checkpointId);
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }

    private AbstractStreamOperator<K> operator() {
        return harness.getOperator();
    }
}
