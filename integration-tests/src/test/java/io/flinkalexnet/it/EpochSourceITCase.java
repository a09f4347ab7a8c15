package io.flinkalexnet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.it.testutils.FlinkMiniCluster;
import io.flinkalexnet.it.testutils.KafkaBrokerExtension;
import io.flinkalexnet.jobs.config.KafkaSettings;
import io.flinkalexnet.jobs.kafka.EncodedRecord;
import io.flinkalexnet.jobs.kafka.KafkaIo;
import io.flinkalexnet.jobs.kafka.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bounded training source ({@code KafkaIo.images} with epochs, an {@code EpochSource}) against a real broker and
 * MiniCluster, with a task failure at the start of each later epoch: the failure most likely to find the readers
 * restored into the previous epoch while the enumerator has moved on (Flink's HybridSource hung there).
 */
class EpochSourceITCase {

    private static final int PARTITIONS = 3;
    private static final int RECORDS = 120;
    private static final int EPOCHS = 3;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    @Test
    void readsEveryRecordOncePerEpochAndEachPartitionInEpochOrderThroughFailuresAtEpochStarts() throws Exception {
        String input = KAFKA.uniqueTopic("epochs-in");
        String output = KAFKA.uniqueTopic("epochs-out");
        KAFKA.createTopic(input, PARTITIONS);
        KAFKA.createTopic(output, 1);
        List<String> values = IntStream.range(0, RECORDS).mapToObj(i -> "record-" + i).toList();
        KAFKA.produce(input, values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toList());
        KafkaSettings kafka = new KafkaSettings(KAFKA.bootstrapServers(), Map.of(),
                KafkaBrokerExtension.TRANSACTION_MAX_TIMEOUT);
        FailAtEpochStart.reset();

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkMiniCluster.restarting(EPOCHS));
        env.setParallelism(2);
        env.enableCheckpointing(200);
        env.fromSource(KafkaIo.images(kafka, input, input, EPOCHS), WatermarkStrategy.noWatermarks(), "epochs",
                        TypeInformation.of(SourceRecord.class))
                .map(new FailAtEpochStart())
                .map(record -> new EncodedRecord(record.value,
                        (record.epoch + " " + record.partition).getBytes(StandardCharsets.UTF_8)))
                .returns(EncodedRecord.class)
                .sinkTo(KafkaIo.sink(kafka, output, output))
                .setParallelism(1);
        FlinkMiniCluster.executeAndWait(env, "epoch source with failures", JOB_TIMEOUT);

        assertThat(FailAtEpochStart.FAILED_AT_EPOCHS).as("a failure at the start of each later epoch")
                .containsExactlyInAnyOrder(1, 2);
        Map<String, Integer> timesRead = new HashMap<>();
        Map<Integer, List<Integer>> epochsByPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : KAFKA.readCommitted(output, RECORDS * EPOCHS,
                Duration.ofSeconds(30))) {
            String[] epochAndPartition = new String(record.value(), StandardCharsets.UTF_8).split(" ");
            int epoch = Integer.parseInt(epochAndPartition[0]);
            timesRead.merge(new String(record.key(), StandardCharsets.UTF_8) + " in epoch " + epoch, 1, Integer::sum);
            epochsByPartition.computeIfAbsent(Integer.parseInt(epochAndPartition[1]), p -> new ArrayList<>())
                    .add(epoch);
        }
        List<String> expected = new ArrayList<>();
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (String value : values) {
                expected.add(value + " in epoch " + epoch);
            }
        }
        assertThat(timesRead).as("each record once per epoch").containsOnlyKeys(expected)
                .allSatisfy((record, times) -> assertThat(times).isEqualTo(1));
        assertThat(epochsByPartition).as("each partition's epochs in order").hasSize(PARTITIONS)
                .allSatisfy((partition, epochs) -> assertThat(epochs).isSorted());
    }

    /**
     * Fails on the first record of each epoch after the first, provided a checkpoint completed since the last failure
     * (so the job restores from a checkpoint of the epoch before); it pauses on each record so checkpoints complete
     * within an epoch. Static state: the MiniCluster runs in this JVM and a restart makes new instances.
     */
    static final class FailAtEpochStart extends RichMapFunction<SourceRecord, SourceRecord>
            implements CheckpointListener {
        static final Set<Integer> FAILED_AT_EPOCHS = ConcurrentHashMap.newKeySet();
        private static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();

        static void reset() {
            FAILED_AT_EPOCHS.clear();
            CHECKPOINTED.set(false);
        }

        @Override
        public SourceRecord map(SourceRecord record) throws InterruptedException {
            Thread.sleep(20);
            if (record.epoch > 0 && !FAILED_AT_EPOCHS.contains(record.epoch) && CHECKPOINTED.compareAndSet(true, false)
                    && FAILED_AT_EPOCHS.add(record.epoch)) {
                throw new IllegalStateException("Injected failure at the start of epoch " + record.epoch
                        + " (expected by the test).");
            }
            return record;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.set(true);
        }
    }
}
