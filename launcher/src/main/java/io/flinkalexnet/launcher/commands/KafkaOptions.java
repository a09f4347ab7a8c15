package io.flinkalexnet.launcher.commands;

import io.flinkalexnet.launcher.DurationConverter;
import io.flinkalexnet.launcher.kafka.KafkaConnection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of the tools that talk to a Kafka cluster: where it is, client properties, and how long to wait. */
final class KafkaOptions {

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers, host:port[,host:port...].")
    String bootstrap;

    @Option(names = "--property", paramLabel = "KEY=VALUE",
            description = "A Kafka client property, repeatable (e.g. security.protocol=SASL_SSL,"
                    + " sasl.mechanism=PLAIN, sasl.jaas.config=..., ssl.truststore.location=...).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long Kafka has to answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    KafkaConnection connection() {
        return new KafkaConnection(bootstrap, properties, timeout);
    }
}
