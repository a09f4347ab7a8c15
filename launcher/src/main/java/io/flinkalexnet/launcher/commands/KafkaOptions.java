package io.flinkalexnet.launcher.commands;

import io.flinkalexnet.jobs.config.AlexnetOptions;
import io.flinkalexnet.launcher.DurationConverter;
import io.flinkalexnet.launcher.kafka.KafkaConnection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of the tools that talk to a Kafka cluster, spelled as the jobs spell them: where it is
 * ({@code --kafka.bootstrap-servers}), any client property as {@code --kafka.properties.<name> value}, and how
 * long to wait. picocli has no prefix options, so the client properties are the command's
 * unmatched arguments (picocli binds {@code @Unmatched} only on the command itself, which passes them here), and any
 * other unmatched argument is refused.
 */
final class KafkaOptions {

    /** How a client property is spelled on the command line, as for the jobs. */
    static final String PROPERTY_PREFIX =
            "--" + AlexnetOptions.KAFKA_PROPERTIES_PREFIX.substring(AlexnetOptions.PREFIX.length());

    @Option(names = "--kafka.bootstrap-servers", required = true, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers, host:port[,host:port...]. Any Kafka client property goes as"
                    + " --kafka.properties.<name> VALUE, as for the jobs (e.g. --kafka.properties.security.protocol"
                    + " SASL_SSL).")
    String bootstrapServers;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long Kafka has to answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** A connection with the client properties among the command's {@code unmatched} arguments. */
    KafkaConnection connection(List<String> unmatched) {
        return new KafkaConnection(bootstrapServers, clientProperties(unmatched), timeout);
    }

    /** The {@code --kafka.properties.<name>} arguments by name; refuses every other unmatched argument. */
    Map<String, String> clientProperties(List<String> unmatched) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < unmatched.size(); i++) {
            String argument = unmatched.get(i);
            if (!argument.startsWith(PROPERTY_PREFIX) || argument.length() == PROPERTY_PREFIX.length()) {
                throw new ParameterException(command.commandLine(), "unknown option '" + argument + "' (see '"
                        + command.qualifiedName() + " --help')");
            }
            if (i + 1 < unmatched.size()) {
                properties.put(argument.substring(PROPERTY_PREFIX.length()), unmatched.get(++i));
            } else {
                throw new ParameterException(command.commandLine(), "missing the value of " + argument
                        + ": give it as " + argument + " VALUE");
            }
        }
        return properties;
    }
}
