package io.flinkalexnet.jobs;

import static io.flinkalexnet.jobs.config.AlexnetOptions.key;

import io.flinkalexnet.jobs.config.AlexnetOptions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * The options of the {@link InferenceJob} alone, and the job's instances of the shared ones of
 * {@link AlexnetOptions}; {@link InferenceJobConfig} reads and checks them.
 */
public final class InferenceJobOptions {

    public static final String DEFAULT_INFERENCE_TOPIC = "images.infer";
    public static final String DEFAULT_PREDICTIONS_TOPIC = "predictions";

    public static final ConfigOption<String> GROUP_ID = AlexnetOptions.groupId(InferenceJob.NAME);
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            AlexnetOptions.transactionalIdPrefix(InferenceJob.NAME);
    public static final ConfigOption<String> DEVICES =
            AlexnetOptions.devices("Each classifier subtask runs on one of them, taken in turn.");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            AlexnetOptions.checkpointInterval(Duration.ofSeconds(5));

    public static final ConfigOption<String> INFERENCE_TOPIC = key("topic.infer")
            .stringType().defaultValue(DEFAULT_INFERENCE_TOPIC)
            .withDescription("Topic of the ImageRecords to classify; labels are optional.");
    public static final ConfigOption<String> PREDICTIONS_TOPIC = key("topic.predictions")
            .stringType().defaultValue(DEFAULT_PREDICTIONS_TOPIC)
            .withDescription("Topic a Prediction is written to for every classified image, keyed by the image id.");

    public static final ConfigOption<String> INITIAL_ARTIFACT = key("model.initial-artifact")
            .stringType().noDefaultValue()
            .withDescription("Flink filesystem URI of a model artifact (model.zip, checked against the model.zip.sha256"
                    + " beside it when there is one) to serve until the models topic announces a newer version."
                    + " A restored job serves its checkpointed version instead.");

    public static final ConfigOption<Integer> BATCH_SIZE = key("inference.batch-size")
            .intType().defaultValue(64)
            .withDescription("Most images per forward pass; each subtask classifies a batch as soon as it is full.");
    public static final ConfigOption<Duration> BATCH_TIMEOUT = key("inference.batch-timeout")
            .durationType().defaultValue(Duration.ofMillis(20))
            .withDescription("Longest an image waits for its batch to fill before the partial batch is classified.");
    public static final ConfigOption<Integer> TOP_K = key("inference.top-k")
            .intType().defaultValue(3)
            .withDescription("Most probable classes listed in each Prediction.");
    public static final ConfigOption<Integer> NO_MODEL_MAX_IMAGES = key("inference.no-model.max-images")
            .intType().defaultValue(5000)
            .withDescription("Images each subtask holds in checkpointed state while it has no model to classify"
                    + " them with (about 12 kB each). Beyond this it takes one image per no-model.throttle, which"
                    + " back-pressures the Kafka source; at twice this many it fails with an error naming the fix.");
    public static final ConfigOption<Duration> NO_MODEL_THROTTLE = key("inference.no-model.throttle")
            .durationType().defaultValue(Duration.ofMillis(100))
            .withDescription("Pause per image taken beyond no-model.max-images while a subtask has no model.");

    /** Every option of this job, for --help, the README and the manifests' checks. */
    public static final List<ConfigOption<?>> OPTIONS = List.of(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS,
            AlexnetOptions.KAFKA_TRANSACTION_TIMEOUT, GROUP_ID, TRANSACTIONAL_ID_PREFIX, INFERENCE_TOPIC,
            PREDICTIONS_TOPIC, AlexnetOptions.DEAD_LETTER_TOPIC, AlexnetOptions.MODELS_TOPIC, AlexnetOptions.VARIANT,
            AlexnetOptions.ENGINE, DEVICES, INITIAL_ARTIFACT, BATCH_SIZE, BATCH_TIMEOUT, TOP_K, NO_MODEL_MAX_IMAGES,
            NO_MODEL_THROTTLE, CHECKPOINT_INTERVAL, AlexnetOptions.MAX_RECORD_BYTES,
            AlexnetOptions.BOUNDED_END_OFFSETS);

    private InferenceJobOptions() {}
}
