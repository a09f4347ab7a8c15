package io.flinkalexnet.launcher.kafka;

import io.flinkalexnet.launcher.LauncherException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How the tools reach Kafka: the bootstrap servers, any client property the user passes (SASL, SSL...), and a
 * timeout within which the cluster must answer. {@link #checkTopic} fails in one sentence when it does not.
 */
public final class KafkaConnection {

    private static final Duration ADMIN_CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final String bootstrapServers;
    private final Map<String, String> clientProperties;
    private final Duration timeout;

    /** Settings for {@code bootstrapServers} with extra client properties (may be empty). */
    public KafkaConnection(String bootstrapServers, Map<String, String> clientProperties, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = Map.copyOf(clientProperties);
        this.timeout = timeout;
    }

    /** The bootstrap servers. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** How long the cluster has to answer. */
    public Duration timeout() {
        return timeout;
    }

    /** Settings of an idempotent producer of raw bytes that waits for all replicas. */
    public Properties producerProperties() {
        Properties properties = common();
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout.toMillis()));
        properties.putAll(clientProperties);
        return properties;
    }

    /** Settings of a consumer of raw bytes that sees committed records only and never commits offsets. */
    public Properties consumerProperties() {
        Properties properties = common();
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.putAll(clientProperties);
        return properties;
    }

    /**
     * Checks that the cluster answers and that {@code topic} exists, creating it with the broker's default partitions
     * and replication when {@code createIfMissing}; returns whether it was created.
     *
     * @throws LauncherException naming the address or topic when the cluster cannot be reached or the topic is missing
     */
    public boolean checkTopic(String topic, boolean createIfMissing) {
        Admin admin = admin();
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Set<String> topics = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (topics.contains(topic)) {
                return false;
            }
            if (!createIfMissing) {
                throw new LauncherException("topic '" + topic + "' does not exist on " + bootstrapServers
                        + ": check the topic's name, or create it");
            }
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
                    .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(e);
            }
            throw new LauncherException("Kafka at " + bootstrapServers + " refused the request: "
                    + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while contacting Kafka at " + bootstrapServers, e);
        } finally {
            // Without a short bound, closing waits for requests to a broker that may never answer.
            admin.close(ADMIN_CLOSE_TIMEOUT);
        }
    }

    private Admin admin() {
        Properties properties = common();
        properties.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        properties.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        properties.putAll(clientProperties);
        try {
            return Admin.create(properties);
        } catch (KafkaException e) {
            throw new LauncherException("cannot connect to Kafka at '" + bootstrapServers + "' ("
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
                    + "): check --kafka.bootstrap-servers, host:port[,host:port...]", e);
        }
    }

    private LauncherException unreachable(Exception e) {
        return new LauncherException("Kafka at " + bootstrapServers + " did not answer within " + timeout.toSeconds()
                + " s: check --kafka.bootstrap-servers and that the broker runs (and --kafka.properties.* for SASL/SSL"
                + " settings)", e);
    }

    private Properties common() {
        Properties properties = new Properties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }
}
