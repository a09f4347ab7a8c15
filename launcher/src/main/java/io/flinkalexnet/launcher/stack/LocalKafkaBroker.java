package io.flinkalexnet.launcher.stack;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in KRaft mode (one combined broker and controller) in this JVM, on a free port of
 * localhost, set up for transactions on a single node so exactly-once sinks and {@code read_committed} consumers
 * work. Its data lives in the given folder and is deleted on {@link #close()}.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    /** The largest {@code transaction.timeout.ms} a producer may ask for; exactly-once sinks must stay below it. */
    public static final Duration TRANSACTION_MAX_TIMEOUT = Duration.ofMinutes(15);

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LEADERSHIP_POLL = Duration.ofMillis(20);
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);

    private final KafkaClusterTestKit cluster;
    private final Admin admin;
    private final Path dataDirectory;

    private LocalKafkaBroker(KafkaClusterTestKit cluster, Path dataDirectory) {
        this.cluster = cluster;
        this.dataDirectory = dataDirectory;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    /** Formats a new broker with its data under {@code dataDirectory}, starts it and waits until it serves clients. */
    public static LocalKafkaBroker start(Path dataDirectory) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .setBaseDirectory(dataDirectory)
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        singleBrokerSettings().forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        try {
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new LocalKafkaBroker(cluster, dataDirectory);
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** Formats the storage; Kafka's formatter prints its progress to standard output, which belongs to the command. */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream standardOut = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            cluster.format();
        } finally {
            System.setOut(standardOut);
            LOG.info("Formatted the Kafka storage: {}", printed.toString(StandardCharsets.UTF_8).strip());
        }
    }

    /** Replication factors of 1 for the internal topics, which otherwise ask for 3 brokers and never get created. */
    private static Map<String, Object> singleBrokerSettings() {
        return Map.of(
                "offsets.topic.replication.factor", "1",
                "offsets.topic.num.partitions", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "transaction.state.log.num.partitions", "1",
                "transaction.max.timeout.ms", String.valueOf(TRANSACTION_MAX_TIMEOUT.toMillis()),
                "group.initial.rebalance.delay.ms", "0");
    }

    /** The {@code host:port} that clients connect to. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Where the broker keeps its data until it is closed. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Creates a topic with {@code partitions} partitions and waits until the broker leads every one of them: the
     * controller acknowledges the creation before the broker has taken the partitions up, and a producer that comes
     * too early has to wait for their metadata.
     */
    public void createTopic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                .all()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (!leadsEveryPartition(name, partitions)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the broker did not take up the " + partitions + " partitions of topic "
                        + name + " within " + ADMIN_TIMEOUT);
            }
            Thread.sleep(LEADERSHIP_POLL.toMillis());
        }
    }

    private boolean leadsEveryPartition(String topic, int partitions) throws Exception {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return description.partitions().size() == partitions && description.partitions().stream()
                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    /** Stops the broker and deletes its data. */
    @Override
    public void close() throws Exception {
        try {
            admin.close(Duration.ofSeconds(5));
        } finally {
            cluster.close();
        }
    }
}
