package io.flinkalexnet.jobs;

import io.flinkalexnet.jobs.config.JobConfiguration;
import io.flinkalexnet.jobs.config.KafkaSettings;
import io.flinkalexnet.jobs.infer.ClassifierSettings;
import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.model.nn.Variant;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Every setting of the {@link InferenceJob}, typed, with defaults; parsed once from the Flink
 * configuration and the command line.
 *
 * <pre>{@code
 * InferenceJobOptions options = InferenceJobOptions.fromArgs(env.getConfiguration(), args);
 * }</pre>
 */
public final class InferenceJobOptions implements Serializable {

    public static final ConfigOption<String> INFERENCE_TOPIC = ConfigOptions.key("alexnet.topic.infer")
            .stringType().defaultValue("images.infer")
            .withDescription("Topic of the ImageRecords to classify; labels are optional.");
    public static final ConfigOption<String> PREDICTIONS_TOPIC = ConfigOptions.key("alexnet.topic.predictions")
            .stringType().defaultValue("predictions")
            .withDescription("Topic a Prediction is written to for every classified image, keyed by the image id.");
    public static final ConfigOption<String> MODELS_TOPIC = ConfigOptions.key("alexnet.topic.models")
            .stringType().defaultValue("models")
            .withDescription("Topic of the ModelUpdates announcing the versions to serve; read from its beginning"
                    + " and broadcast to every classifier subtask. Versions only move forward.");
    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("alexnet.kafka.group-id")
            .stringType().defaultValue("flink-alexnet-inference")
            .withDescription("Consumer group of the image source; the models source uses this name plus"
                    + " '-models'. Offsets are committed for monitoring only; the job restores them from its"
                    + " checkpoints.");
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = ConfigOptions.key(
                    "alexnet.kafka.transactional-id-prefix")
            .stringType().defaultValue("flink-alexnet-inference")
            .withDescription("Prefix of the exactly-once sinks' transactional ids; unique per job on a cluster.");

    public static final ConfigOption<String> VARIANT = ConfigOptions.key("alexnet.model.variant")
            .stringType().defaultValue("cifar")
            .withDescription("Network variant a model must be to be served (cifar or seed); models of another"
                    + " variant are rejected.");
    public static final ConfigOption<String> DEVICES = ConfigOptions.key("alexnet.model.devices")
            .stringType().defaultValue("auto")
            .withDescription("auto (each subtask takes one of the TaskManager's GPUs in turn, else the CPU), cpu,"
                    + " or a list such as gpu0,gpu1 that the subtasks take in turn.");
    public static final ConfigOption<String> INITIAL_ARTIFACT = ConfigOptions.key("alexnet.model.initial-artifact")
            .stringType().noDefaultValue()
            .withDescription("Flink filesystem URI of a model artifact (model.zip, checked against the model.zip.sha256"
                    + " beside it when there is one) to serve until the models topic announces a newer version."
                    + " A restored job serves its checkpointed version instead.");

    public static final ConfigOption<Integer> BATCH_SIZE = ConfigOptions.key("alexnet.inference.batch-size")
            .intType().defaultValue(64)
            .withDescription("Most images per forward pass; each subtask classifies a batch as soon as it is full.");
    public static final ConfigOption<Duration> BATCH_TIMEOUT = ConfigOptions.key("alexnet.inference.batch-timeout")
            .durationType().defaultValue(Duration.ofMillis(20))
            .withDescription("Longest an image waits for its batch to fill before the partial batch is classified.");
    public static final ConfigOption<Integer> TOP_K = ConfigOptions.key("alexnet.inference.top-k")
            .intType().defaultValue(3)
            .withDescription("Most probable classes listed in each Prediction.");
    public static final ConfigOption<Integer> NO_MODEL_MAX_IMAGES = ConfigOptions.key(
                    "alexnet.inference.no-model.max-images")
            .intType().defaultValue(5000)
            .withDescription("Images each subtask holds in checkpointed state while it has no model to classify"
                    + " them with (about 12 kB each). Beyond this it takes one image per no-model.throttle, which"
                    + " back-pressures the Kafka source; at twice this many it fails with an error naming the fix.");
    public static final ConfigOption<Duration> NO_MODEL_THROTTLE = ConfigOptions.key(
                    "alexnet.inference.no-model.throttle")
            .durationType().defaultValue(Duration.ofMillis(100))
            .withDescription("Pause per image taken beyond no-model.max-images while a subtask has no model.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("alexnet.checkpoint.interval")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("Checkpoint interval, used unless the cluster configures execution.checkpointing.interval."
                    + " Predictions become visible to read_committed consumers when the checkpoint after them"
                    + " completes.");
    public static final ConfigOption<Boolean> BOUNDED_END_OFFSETS = ConfigOptions.key("alexnet.bounded.end-offsets")
            .booleanType().defaultValue(false)
            .withDescription("Classify the images present at start and stop; the models topic is read up to its end"
                    + " offsets at start too.");

    /** Every option of this job, for --help, the README and the manifests' checks. */
    public static final List<ConfigOption<?>> OPTIONS;

    static {
        List<ConfigOption<?>> options = new ArrayList<>(KafkaSettings.OPTIONS);
        options.addAll(List.of(INFERENCE_TOPIC, PREDICTIONS_TOPIC, TrainingJobOptions.DEAD_LETTER_TOPIC, MODELS_TOPIC,
                GROUP_ID, TRANSACTIONAL_ID_PREFIX, VARIANT, TrainingJobOptions.ENGINE, DEVICES, INITIAL_ARTIFACT,
                BATCH_SIZE, BATCH_TIMEOUT, TOP_K, NO_MODEL_MAX_IMAGES, NO_MODEL_THROTTLE, CHECKPOINT_INTERVAL,
                TrainingJobOptions.MAX_RECORD_BYTES, BOUNDED_END_OFFSETS));
        OPTIONS = List.copyOf(options);
    }

    public final KafkaSettings kafka;
    public final String inferenceTopic;
    public final String predictionsTopic;
    public final String deadLetterTopic;
    public final String modelsTopic;
    public final String groupId;
    public final String transactionalIdPrefix;
    public final ClassifierSettings classifier;
    public final Duration checkpointInterval;
    public final int maxRecordBytes;
    public final boolean boundedEndOffsets;

    private InferenceJobOptions(Configuration configuration) {
        JobConfiguration.rejectUnknownKeys(configuration, OPTIONS, KafkaSettings.PROPERTIES_PREFIX);
        kafka = KafkaSettings.from(configuration);
        inferenceTopic = configuration.get(INFERENCE_TOPIC);
        predictionsTopic = configuration.get(PREDICTIONS_TOPIC);
        deadLetterTopic = configuration.get(TrainingJobOptions.DEAD_LETTER_TOPIC);
        modelsTopic = configuration.get(MODELS_TOPIC);
        groupId = configuration.get(GROUP_ID);
        transactionalIdPrefix = configuration.get(TRANSACTIONAL_ID_PREFIX);
        Duration batchTimeout = configuration.get(BATCH_TIMEOUT);
        Duration throttle = configuration.get(NO_MODEL_THROTTLE);
        if (batchTimeout.isNegative() || throttle.isNegative()) {
            throw new IllegalArgumentException("--inference.batch-timeout and --inference.no-model.throttle must not"
                    + " be negative");
        }
        classifier = new ClassifierSettings(
                Variant.fromId(configuration.get(VARIANT)),
                CifarBinaryReader.STANDARD_CLASS_NAMES.size(),
                Engines.canonicalName(configuration.get(TrainingJobOptions.ENGINE)),
                configuration.get(DEVICES),
                configuration.getOptional(INITIAL_ARTIFACT).filter(s -> !s.isBlank()).orElse(null),
                JobConfiguration.positive(configuration, BATCH_SIZE),
                batchTimeout.toMillis(),
                JobConfiguration.positive(configuration, TOP_K),
                JobConfiguration.positive(configuration, NO_MODEL_MAX_IMAGES),
                throttle.toMillis());
        checkpointInterval = configuration.get(CHECKPOINT_INTERVAL);
        maxRecordBytes = JobConfiguration.positive(configuration, TrainingJobOptions.MAX_RECORD_BYTES);
        boundedEndOffsets = configuration.get(BOUNDED_END_OFFSETS);
    }

    /** Options from the Flink configuration overlaid with {@code --key value} arguments. */
    public static InferenceJobOptions fromArgs(ReadableConfig flinkConfiguration, String[] args) {
        return new InferenceJobOptions(JobConfiguration.merge(flinkConfiguration, args));
    }

    public static InferenceJobOptions fromConfiguration(Configuration configuration) {
        return new InferenceJobOptions(configuration);
    }

    /** Consumer group of the models source, whose committed offsets show which updates a checkpoint includes. */
    public String modelsGroupId() {
        return groupId + "-models";
    }
}
