package io.flinkalexnet.jobs.config;

import io.flinkalexnet.model.image.RecordValidator;
import io.flinkalexnet.model.nn.Engines;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options both jobs share, each declared once under {@code alexnet.}; where the jobs differ in a default or in
 * what the option does, a factory takes that as a parameter and each job's options class holds its instance.
 *
 * <pre>{@code
 * Configuration configuration = new Configuration();
 * configuration.set(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS, "kafka:9092");
 * configuration.set(TrainingJobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(30));
 * }</pre>
 */
public final class AlexnetOptions {

    /** The prefix of every option's key in the Flink configuration; the command line may leave it out. */
    public static final String PREFIX = "alexnet.";

    /** Prefix of pass-through Kafka client properties, e.g. alexnet.kafka.properties.security.protocol=SASL_SSL. */
    public static final String KAFKA_PROPERTIES_PREFIX = PREFIX + "kafka.properties.";

    public static final String DEFAULT_MODELS_TOPIC = "models";
    public static final String DEFAULT_DEAD_LETTER_TOPIC = "images.dlq";

    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS = key("kafka.bootstrap-servers")
            .stringType().noDefaultValue()
            .withDescription("Kafka bootstrap servers, host:port[,host:port...]. Required.");
    public static final ConfigOption<Duration> KAFKA_TRANSACTION_TIMEOUT = key("kafka.transaction-timeout")
            .durationType().defaultValue(Duration.ofMinutes(10))
            .withDescription("transaction.timeout.ms of the exactly-once sinks; must not exceed the brokers'"
                    + " transaction.max.timeout.ms (15 min by default) and must exceed the longest checkpoint"
                    + " interval plus checkpoint duration.");

    public static final ConfigOption<String> DEAD_LETTER_TOPIC = key("topic.dead-letter")
            .stringType().defaultValue(DEFAULT_DEAD_LETTER_TOPIC)
            .withDescription("Topic the DeadLetter of every rejected record goes to.");
    public static final ConfigOption<String> MODELS_TOPIC = key("topic.models")
            .stringType().defaultValue(DEFAULT_MODELS_TOPIC)
            .withDescription("Topic of the ModelUpdates: the training job publishes one after each export; the"
                    + " inference job reads it from its beginning, broadcasts it to every classifier subtask and"
                    + " serves each newer version (versions only move forward).");

    public static final ConfigOption<String> VARIANT = key("model.variant")
            .stringType().defaultValue("cifar")
            .withDescription("Network variant: cifar (32x32, batch norm after conv 1 and 2, for CPUs), cifar-bn (32x32,"
                    + " batch norm after every convolution, the modern recipe's) or seed (the 224x224 reference"
                    + " network); the inference job rejects models of another variant.");
    public static final ConfigOption<String> ENGINE = key("model.engine")
            .stringType().defaultValue(Engines.MXNET)
            .withDescription("DJL engine: MXNet or PyTorch.");

    public static final ConfigOption<Integer> MAX_RECORD_BYTES = key("record.max-bytes")
            .intType().defaultValue(RecordValidator.DEFAULT_MAX_PAYLOAD_BYTES)
            .withDescription("Largest accepted record; bigger ones are dead-lettered as PAYLOAD_TOO_LARGE.");

    public static final ConfigOption<Boolean> BOUNDED_END_OFFSETS = key("bounded.end-offsets")
            .booleanType().defaultValue(false)
            .withDescription("Stop at the end offsets present at start: one pass over the images (the inference"
                    + " job reads the models topic up to its end offsets at start too).");

    private AlexnetOptions() {}

    /** The builder of the option {@code alexnet.<name>}. */
    public static ConfigOptions.OptionBuilder key(String name) {
        return ConfigOptions.key(PREFIX + name);
    }

    /** The consumer group, by default the job's name. */
    public static ConfigOption<String> groupId(String defaultValue) {
        return key("kafka.group-id")
                .stringType().defaultValue(defaultValue)
                .withDescription("Consumer group of the image source (the inference job's models source uses this"
                        + " name plus '-models'). Offsets are committed for monitoring only; the job restores them"
                        + " from its checkpoints.");
    }

    /** The prefix of the sinks' transactional ids, by default the job's name. */
    public static ConfigOption<String> transactionalIdPrefix(String defaultValue) {
        return key("kafka.transactional-id-prefix")
                .stringType().defaultValue(defaultValue)
                .withDescription("Prefix of the exactly-once sinks' transactional ids; unique per job on a cluster.");
    }

    /** The devices; {@code use} says how the job's operator shares several of them, as a sentence. */
    public static ConfigOption<String> devices(String use) {
        return key("model.devices")
                .stringType().defaultValue("auto")
                .withDescription("auto (every GPU of the TaskManager, else the CPU), cpu, or a list such as"
                        + " gpu0,gpu1. " + use);
    }

    /** The checkpoint interval, whose default suits the job: how soon its outputs become visible. */
    public static ConfigOption<Duration> checkpointInterval(Duration defaultValue) {
        return key("checkpoint.interval")
                .durationType().defaultValue(defaultValue)
                .withDescription("Checkpoint interval, used unless the cluster configures"
                        + " execution.checkpointing.interval. The job's outputs become visible to read_committed"
                        + " consumers when the checkpoint after them completes.");
    }
}
