package io.flinkalexnet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import io.flinkalexnet.it.testutils.FailOnceAfterCheckpoint;
import io.flinkalexnet.it.testutils.FlinkMiniCluster;
import io.flinkalexnet.it.testutils.KafkaBrokerExtension;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bounded Flink job copies a Kafka topic to another through an exactly-once Kafka sink, with and without a failure
 * in the middle: proof that Flink 2.2, flink-connector-kafka 5.0 and kafka-clients 4.2 commit each record once.
 */
class KafkaExactlyOnceITCase {

    private static final int RECORDS = 1000;
    private static final int PARTITIONS = 2;
    private static final int PARALLELISM = 2;
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(500);
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    @Test
    void boundedJobCommitsEveryRecordExactlyOnce() throws Exception {
        Topics topics = createTopicsWithInput();

        runCopyJob(topics, new Configuration(), new UpperCase());

        assertThat(readOutput(topics)).containsExactlyInAnyOrderElementsOf(expectedOutput());
    }

    @Test
    void jobRecoveringFromAFailureStillCommitsEveryRecordExactlyOnce() throws Exception {
        Topics topics = createTopicsWithInput();
        FailOnceAfterCheckpoint.reset();

        runCopyJob(topics, FailOnceAfterCheckpoint.restartOnce(), new UpperCaseThenFailOnce());

        assertThat(FailOnceAfterCheckpoint.failed()).as("the injected failure happened").isTrue();
        assertThat(readOutput(topics)).containsExactlyInAnyOrderElementsOf(expectedOutput());
    }

    private record Topics(String input, String output) {
    }

    private static Topics createTopicsWithInput() throws Exception {
        Topics topics = new Topics(KAFKA.uniqueTopic("copy-in"), KAFKA.uniqueTopic("copy-out"));
        KAFKA.createTopic(topics.input(), PARTITIONS);
        KAFKA.createTopic(topics.output(), PARTITIONS);
        KAFKA.produce(topics.input(), IntStream.range(0, RECORDS)
                .mapToObj(i -> ("record-" + i).getBytes(StandardCharsets.UTF_8))
                .toList());
        return topics;
    }

    private static List<String> expectedOutput() {
        return IntStream.range(0, RECORDS).mapToObj(i -> "RECORD-" + i).toList();
    }

    private static List<String> readOutput(Topics topics) {
        return KAFKA.readCommitted(topics.output(), RECORDS, READ_TIMEOUT).stream()
                .map(record -> new String(record.value(), StandardCharsets.UTF_8))
                .toList();
    }

    /** Runs source, transformation and exactly-once sink as one job, with checkpoints, until the input ends. */
    private static void runCopyJob(Topics topics, Configuration jobConfiguration,
                                   MapFunction<byte[], byte[]> transformation) throws Exception {
        jobConfiguration.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, CHECKPOINT_INTERVAL);
        StreamExecutionEnvironment environment = StreamExecutionEnvironment.getExecutionEnvironment(jobConfiguration);
        environment.setParallelism(PARALLELISM);

        KafkaSource<byte[]> source = KafkaSource.<byte[]>builder()
                .setBootstrapServers(KAFKA.bootstrapServers())
                .setTopics(topics.input())
                .setGroupId(topics.input() + "-job")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString())
                .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(ByteArrayDeserializer.class))
                .build();
        KafkaSink<byte[]> sink = KafkaSink.<byte[]>builder()
                .setBootstrapServers(KAFKA.bootstrapServers())
                .setRecordSerializer(KafkaRecordSerializationSchema.<byte[]>builder()
                        .setTopic(topics.output())
                        .setKafkaValueSerializer(ByteArraySerializer.class)
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(topics.output())
                .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(Duration.ofMinutes(1).toMillis()))
                .build();

        environment.fromSource(source, WatermarkStrategy.noWatermarks(), "input")
                .map(transformation)
                .sinkTo(sink);
        FlinkMiniCluster.executeAndWait(environment, "copy " + topics.input(), JOB_TIMEOUT);
    }

    private static byte[] upperCase(byte[] value) {
        return new String(value, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    }

    /** The trivial transformation of the copy job. */
    private static final class UpperCase implements MapFunction<byte[], byte[]> {
        @Override
        public byte[] map(byte[] value) {
            return upperCase(value);
        }
    }

    /** The copy job's transformation with a failure 40 records after the first completed checkpoint. */
    private static final class UpperCaseThenFailOnce extends FailOnceAfterCheckpoint<byte[]> {
        UpperCaseThenFailOnce() {
            super(40, 5);
        }

        @Override
        public byte[] map(byte[] value) throws InterruptedException {
            return upperCase(super.map(value));
        }
    }
}
