package io.flinkalexnet.it.testutils;

import io.flinkalexnet.launcher.stack.LocalKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in KRaft mode (one combined broker and controller), in-process, started once per test class:
 * the launcher's {@link LocalKafkaBroker}, which {@code bin/flink-alexnet} runs too.
 *
 * <p>Register it with {@code @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();}.
 * The broker is set up for transactions on a single node, so exactly-once sinks and {@code read_committed} consumers
 * work; its data lives under the module's build folder and is deleted when the class finishes.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerExtension.class);

    /** The largest {@code transaction.timeout.ms} a producer may ask for; exactly-once sinks must stay below it. */
    public static final Duration TRANSACTION_MAX_TIMEOUT = LocalKafkaBroker.TRANSACTION_MAX_TIMEOUT;

    private static final Duration BROKER_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private LocalKafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        long startNanos = System.nanoTime();
        Path dataDirectory = TestDirectories.newDirectory("kafka");
        broker = LocalKafkaBroker.start(dataDirectory);
        LOG.info("Kafka broker for {} ready at {} in {} ms (data in {})", context.getDisplayName(),
                bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), dataDirectory);
    }

    /** Stops the broker and deletes its data. */
    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** The {@code host:port} list that clients connect to. */
    public String bootstrapServers() {
        if (broker == null) {
            throw new IllegalStateException("The Kafka broker is not running; register KafkaBrokerExtension as a"
                    + " static field with @RegisterExtension so it starts before the tests.");
        }
        return broker.bootstrapServers();
    }

    /** A topic name that no other test uses: {@code prefix-<random>}. */
    public String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a topic with the given number of partitions and waits until the broker has it. */
    public void createTopic(String name, int partitions) throws Exception {
        broker.createTopic(name, partitions);
    }

    /** Settings for an idempotent producer of raw bytes against this broker. */
    public Properties producerProperties() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return properties;
    }

    /**
     * Settings for a consumer of raw bytes that sees committed records only, from the earliest offset, and never
     * commits offsets; it has no group id, so use it with {@code assign}, or add a group id.
     */
    public Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return properties;
    }

    /**
     * Writes the values, without keys, round-robin over the topic's partitions (so every reader of a parallel job gets
     * a share), and returns once the broker has acknowledged all of them.
     */
    public void produce(String topic, List<byte[]> values) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            int partitions = producer.partitionsFor(topic).size();
            List<Future<RecordMetadata>> acknowledgements = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                acknowledgements.add(producer.send(new ProducerRecord<>(topic, i % partitions, null, values.get(i))));
            }
            for (Future<RecordMetadata> acknowledgement : acknowledgements) {
                acknowledgement.get(BROKER_RESPONSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Reads the topic from the beginning with {@code isolation.level=read_committed} until at least
     * {@code expectedCount} records have arrived and every partition is read up to its last stable offset, or until
     * the timeout; returns what it read.
     *
     * <p>Reading on to the end after {@code expectedCount} records makes duplicates and extra records visible to the
     * caller's assertion instead of cutting them off.
     */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, int expectedCount, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (System.nanoTime() < deadline) {
                consumer.poll(POLL_INTERVAL).forEach(records::add);
                if (records.size() >= expectedCount && readToLastStableOffset(consumer, partitions)) {
                    break;
                }
            }
        }
        return records;
    }

    /** Whether the consumer's position has reached the end offsets, which a read_committed consumer sees as the LSO. */
    private static boolean readToLastStableOffset(KafkaConsumer<byte[], byte[]> consumer,
                                                  List<TopicPartition> partitions) {
        Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
        return partitions.stream().allMatch(partition -> consumer.position(partition) >= endOffsets.get(partition));
    }
}
