package io.flinkalexnet.jobs.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * How the jobs reach Kafka: bootstrap servers, any client property (SASL, SSL...) and the
 * transaction timeout of the exactly-once sinks. Shared by both jobs' options.
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties, Duration transactionTimeout)
        implements Serializable {

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("alexnet.kafka.bootstrap-servers")
            .stringType()
            .noDefaultValue()
            .withDescription("Kafka bootstrap servers, host:port[,host:port...]. Required.");

    /** Prefix of pass-through client properties, e.g. alexnet.kafka.properties.security.protocol=SASL_SSL. */
    public static final String PROPERTIES_PREFIX = "alexnet.kafka.properties.";

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT = ConfigOptions.key("alexnet.kafka.transaction-timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(10))
            .withDescription("transaction.timeout.ms of the exactly-once sinks; must not exceed the brokers'"
                    + " transaction.max.timeout.ms (15 min by default) and must exceed the longest checkpoint"
                    + " interval plus checkpoint duration.");

    public static final List<ConfigOption<?>> OPTIONS = List.of(BOOTSTRAP_SERVERS, TRANSACTION_TIMEOUT);

    public static KafkaSettings from(Configuration configuration) {
        Map<String, String> properties = new TreeMap<>();
        configuration.toMap().forEach((key, value) -> {
            if (key.startsWith(PROPERTIES_PREFIX)) {
                properties.put(key.substring(PROPERTIES_PREFIX.length()), value);
            }
        });
        return new KafkaSettings(JobConfiguration.required(configuration, BOOTSTRAP_SERVERS), properties,
                configuration.get(TRANSACTION_TIMEOUT));
    }

    /** The pass-through client properties as a Properties object. */
    public Properties properties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        return properties;
    }
}
