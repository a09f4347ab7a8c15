package io.flinkalexnet.it.testutils;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker fixture supports transactions on its single node, reads committed records only and hands out topics
 * that are ready for clients.
 */
class KafkaBrokerExtensionITCase {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void readCommittedReturnsCommittedTransactionsAndSkipsAbortedOnes() throws Exception {
        String topic = KAFKA.uniqueTopic("transactions");
        KAFKA.createTopic(topic, 1);
        Properties properties = KAFKA.producerProperties();
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-producer");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
            producer.initTransactions();
            producer.beginTransaction();
            IntStream.range(0, 3).forEach(i -> producer.send(record(topic, "aborted-" + i)));
            producer.abortTransaction();
            producer.beginTransaction();
            IntStream.range(0, 3).forEach(i -> producer.send(record(topic, "committed-" + i)));
            producer.commitTransaction();
        }

        List<String> values = KAFKA.readCommitted(topic, 3, Duration.ofSeconds(30)).stream()
                .map(record -> new String(record.value(), StandardCharsets.UTF_8))
                .toList();

        assertThat(values).containsExactlyInAnyOrder("committed-0", "committed-1", "committed-2");
    }

    @Test
    void aCreatedTopicHasALeaderForEveryPartitionAtOnce() throws Exception {
        String topic = KAFKA.uniqueTopic("partitions");
        KAFKA.createTopic(topic, 16);

        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions())
                    .hasSize(16)
                    .allSatisfy(partition -> assertThat(partition.leader()).isNotNull()
                            .satisfies(leader -> assertThat(leader.isEmpty()).isFalse()));
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String value) {
        return new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8));
    }
}
