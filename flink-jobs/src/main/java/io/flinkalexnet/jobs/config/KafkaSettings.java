package io.flinkalexnet.jobs.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;

/**
 * How the jobs reach Kafka: bootstrap servers, any client property (SASL, SSL...) and the
 * transaction timeout of the exactly-once sinks. Shared by both jobs' configurations.
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties, Duration transactionTimeout)
        implements Serializable {

    /** The Kafka options of {@link AlexnetOptions}, with every {@code alexnet.kafka.properties.*} key. */
    public static KafkaSettings from(Configuration configuration) {
        Map<String, String> properties = new TreeMap<>();
        configuration.toMap().forEach((key, value) -> {
            if (key.startsWith(AlexnetOptions.KAFKA_PROPERTIES_PREFIX)) {
                properties.put(key.substring(AlexnetOptions.KAFKA_PROPERTIES_PREFIX.length()), value);
            }
        });
        return new KafkaSettings(JobConfiguration.required(configuration, AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS),
                properties, configuration.get(AlexnetOptions.KAFKA_TRANSACTION_TIMEOUT));
    }

    /** The pass-through client properties as a Properties object. */
    public Properties properties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        return properties;
    }
}
