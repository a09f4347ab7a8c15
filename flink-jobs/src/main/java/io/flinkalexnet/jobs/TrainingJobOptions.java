package io.flinkalexnet.jobs;

import io.flinkalexnet.jobs.config.JobConfiguration;
import io.flinkalexnet.jobs.config.KafkaSettings;
import io.flinkalexnet.model.image.AugmentationConfig;
import io.flinkalexnet.model.image.FillMode;
import io.flinkalexnet.model.image.RecordValidator;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.LearningRateSchedule;
import io.flinkalexnet.model.train.TrainingConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Every setting of the {@link TrainingJob}, typed, with defaults; parsed once from the Flink
 * configuration and the command line.
 *
 * <pre>{@code
 * TrainingJobOptions options = TrainingJobOptions.fromArgs(env.getConfiguration(), args);
 * }</pre>
 */
public final class TrainingJobOptions implements Serializable {

    public static final ConfigOption<String> TRAINING_TOPIC = ConfigOptions.key("alexnet.topic.train")
            .stringType().defaultValue("images.train")
            .withDescription("Topic of the labelled ImageRecords to learn from.");
    public static final ConfigOption<String> DEAD_LETTER_TOPIC = ConfigOptions.key("alexnet.topic.dead-letter")
            .stringType().defaultValue("images.dlq")
            .withDescription("Topic the DeadLetter of every rejected record goes to.");
    public static final ConfigOption<String> MODELS_TOPIC = ConfigOptions.key("alexnet.topic.models")
            .stringType().defaultValue("models")
            .withDescription("Topic a ModelUpdate is published to after each export.");
    public static final ConfigOption<String> TRAINING_LOG_TOPIC = ConfigOptions.key("alexnet.topic.training-log")
            .stringType().noDefaultValue()
            .withDescription("Optional topic for a TrainingStep record per optimizer step (which image ids it"
                    + " trained on); off when unset.");
    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("alexnet.kafka.group-id")
            .stringType().defaultValue("flink-alexnet-training")
            .withDescription("Consumer group of the training source (offsets are committed for monitoring only;"
                    + " the job restores them from its checkpoints).");
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = ConfigOptions.key(
                    "alexnet.kafka.transactional-id-prefix")
            .stringType().defaultValue("flink-alexnet-training")
            .withDescription("Prefix of the exactly-once sinks' transactional ids; unique per job on a cluster.");

    public static final ConfigOption<String> VARIANT = ConfigOptions.key("alexnet.model.variant")
            .stringType().defaultValue("cifar")
            .withDescription("Network variant: cifar (32x32, for CPUs) or seed (the 224x224 reference network).");
    public static final ConfigOption<String> ENGINE = ConfigOptions.key("alexnet.model.engine")
            .stringType().defaultValue(Engines.MXNET)
            .withDescription("DJL engine: MXNet or PyTorch.");
    public static final ConfigOption<String> DEVICES = ConfigOptions.key("alexnet.model.devices")
            .stringType().defaultValue("auto")
            .withDescription("auto (every GPU of the TaskManager, else the CPU), cpu, or a list such as gpu0,gpu1;"
                    + " several GPUs split each batch.");
    public static final ConfigOption<Integer> BATCH_SIZE = ConfigOptions.key("alexnet.train.batch-size")
            .intType().defaultValue(128)
            .withDescription("Images per optimizer step.");
    public static final ConfigOption<Double> LEARNING_RATE = ConfigOptions.key("alexnet.train.learning-rate")
            .doubleType().noDefaultValue()
            .withDescription("Adam's initial learning rate; default 1e-3 for cifar and 1e-4 (the reference) for seed.");
    public static final ConfigOption<LearningRateSchedule.Kind> SCHEDULE = ConfigOptions.key("alexnet.train.schedule")
            .enumType(LearningRateSchedule.Kind.class).defaultValue(LearningRateSchedule.Kind.PLATEAU)
            .withDescription("constant, or plateau: multiply the learning rate by plateau-factor when the"
                    + " validation loss has not improved for plateau-patience exports.");
    public static final ConfigOption<Double> PLATEAU_FACTOR = ConfigOptions.key("alexnet.train.plateau-factor")
            .doubleType().defaultValue(0.2)
            .withDescription("Factor of the plateau schedule.");
    public static final ConfigOption<Integer> PLATEAU_PATIENCE = ConfigOptions.key("alexnet.train.plateau-patience")
            .intType().defaultValue(5)
            .withDescription("Exports without improvement before the plateau schedule lowers the learning rate.");
    public static final ConfigOption<Double> L2 = ConfigOptions.key("alexnet.train.l2")
            .doubleType().defaultValue(5e-4)
            .withDescription("L2 penalty on convolution and hidden FC kernels (added to the loss as l2*sum(w^2)).");
    public static final ConfigOption<Long> SEED = ConfigOptions.key("alexnet.train.seed")
            .longType().defaultValue(42L)
            .withDescription("Seed of initialisation, dropout and augmentation; a replay with the same seed and"
                    + " data trains identically.");

    public static final ConfigOption<Boolean> AUGMENT = ConfigOptions.key("alexnet.augment.enabled")
            .booleanType().defaultValue(true)
            .withDescription("Augment training images (flip, rotation, zoom); validation images never are.");
    public static final ConfigOption<Double> FLIP_PROBABILITY = ConfigOptions.key("alexnet.augment.flip-probability")
            .doubleType().defaultValue(0.5)
            .withDescription("Probability of a horizontal flip.");
    public static final ConfigOption<Double> ROTATION = ConfigOptions.key("alexnet.augment.rotation-degrees")
            .doubleType().defaultValue(36.0)
            .withDescription("Largest rotation either way, in degrees (the reference's 0.1 of a turn).");
    public static final ConfigOption<Double> ZOOM = ConfigOptions.key("alexnet.augment.zoom")
            .doubleType().defaultValue(0.1)
            .withDescription("Largest zoom in or out, as a fraction.");
    public static final ConfigOption<FillMode> FILL = ConfigOptions.key("alexnet.augment.fill")
            .enumType(FillMode.class).defaultValue(FillMode.REFLECT)
            .withDescription("How pixels outside the rotated/zoomed image are filled: reflect, nearest or constant.");

    public static final ConfigOption<Double> VALIDATION_FRACTION = ConfigOptions.key("alexnet.validation.fraction")
            .doubleType().defaultValue(0.0)
            .withDescription("Fraction of untagged records held out for validation, chosen by a hash of the id"
                    + " (stable across epochs); records tagged split=VALIDATION are always held out.");
    public static final ConfigOption<Integer> VALIDATION_MAX_IMAGES = ConfigOptions.key("alexnet.validation.max-images")
            .intType().defaultValue(5000)
            .withDescription("Held-out images kept (in state) and scored at each export; later ones replace none.");

    public static final ConfigOption<Integer> EXPORT_EVERY_STEPS = ConfigOptions.key("alexnet.export.every-steps")
            .intType().defaultValue(500)
            .withDescription("Export a model version at the first checkpoint after this many steps since the last.");
    public static final ConfigOption<String> MODEL_STORE = ConfigOptions.key("alexnet.model-store.uri")
            .stringType().noDefaultValue()
            .withDescription("Flink filesystem URI of the model store, e.g. file:///data/models or s3://bucket/models."
                    + " Required.");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("alexnet.checkpoint.interval")
            .durationType().defaultValue(Duration.ofSeconds(60))
            .withDescription("Checkpoint interval, used unless the cluster configures execution.checkpointing.interval.");
    public static final ConfigOption<Integer> MAX_RECORD_BYTES = ConfigOptions.key("alexnet.record.max-bytes")
            .intType().defaultValue(RecordValidator.DEFAULT_MAX_PAYLOAD_BYTES)
            .withDescription("Largest accepted record; bigger ones are dead-lettered as PAYLOAD_TOO_LARGE.");
    public static final ConfigOption<Integer> LOG_EVERY_STEPS = ConfigOptions.key("alexnet.log.every-steps")
            .intType().defaultValue(50)
            .withDescription("A progress line in the log every this many steps.");
    public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("alexnet.train.parallelism")
            .intType().defaultValue(1)
            .withDescription("Parallelism of the trainer. Must be 1: one trainer holds the model; scale with GPUs"
                    + " (model.devices) and the parallelism of source, decoding and augmentation.");

    public static final ConfigOption<Long> BOUNDED_STEPS = ConfigOptions.key("alexnet.bounded.steps")
            .longType().defaultValue(0L)
            .withDescription("Stop after this many steps (0: no limit). Reads the topic as many times as needed.");
    public static final ConfigOption<Integer> BOUNDED_EPOCHS = ConfigOptions.key("alexnet.bounded.epochs")
            .intType().defaultValue(0)
            .withDescription("Stop after this many passes over the records present at start (0: no limit).");
    public static final ConfigOption<Boolean> BOUNDED_END_OFFSETS = ConfigOptions.key("alexnet.bounded.end-offsets")
            .booleanType().defaultValue(false)
            .withDescription("Stop at the end offsets present at start (one pass).");

    /** Every option of this job, for --help, the README and the manifests' checks. */
    public static final List<ConfigOption<?>> OPTIONS;

    static {
        List<ConfigOption<?>> options = new ArrayList<>(KafkaSettings.OPTIONS);
        options.addAll(List.of(TRAINING_TOPIC, DEAD_LETTER_TOPIC, MODELS_TOPIC, TRAINING_LOG_TOPIC, GROUP_ID,
                TRANSACTIONAL_ID_PREFIX, VARIANT, ENGINE, DEVICES, BATCH_SIZE, LEARNING_RATE, SCHEDULE,
                PLATEAU_FACTOR, PLATEAU_PATIENCE, L2, SEED, AUGMENT, FLIP_PROBABILITY, ROTATION, ZOOM, FILL,
                VALIDATION_FRACTION, VALIDATION_MAX_IMAGES, EXPORT_EVERY_STEPS, MODEL_STORE, CHECKPOINT_INTERVAL,
                MAX_RECORD_BYTES, LOG_EVERY_STEPS, PARALLELISM, BOUNDED_STEPS, BOUNDED_EPOCHS, BOUNDED_END_OFFSETS));
        OPTIONS = List.copyOf(options);
    }

    public final KafkaSettings kafka;
    public final String trainingTopic;
    public final String deadLetterTopic;
    public final String modelsTopic;
    public final String trainingLogTopic;
    public final String groupId;
    public final String transactionalIdPrefix;
    public final Variant variant;
    public final String engine;
    public final String devices;
    public final int batchSize;
    public final TrainingConfig training;
    public final AugmentationConfig augmentation;
    public final double validationFraction;
    public final int validationMaxImages;
    public final int exportEverySteps;
    public final String modelStoreUri;
    public final Duration checkpointInterval;
    public final int maxRecordBytes;
    public final int logEverySteps;
    public final long boundedSteps;
    public final int boundedEpochs;
    public final boolean boundedEndOffsets;

    private TrainingJobOptions(Configuration configuration) {
        JobConfiguration.rejectUnknownKeys(configuration, OPTIONS, KafkaSettings.PROPERTIES_PREFIX);
        kafka = KafkaSettings.from(configuration);
        trainingTopic = configuration.get(TRAINING_TOPIC);
        deadLetterTopic = configuration.get(DEAD_LETTER_TOPIC);
        modelsTopic = configuration.get(MODELS_TOPIC);
        trainingLogTopic = configuration.getOptional(TRAINING_LOG_TOPIC).filter(s -> !s.isBlank()).orElse(null);
        groupId = configuration.get(GROUP_ID);
        transactionalIdPrefix = configuration.get(TRANSACTIONAL_ID_PREFIX);
        variant = Variant.fromId(configuration.get(VARIANT));
        engine = Engines.canonicalName(configuration.get(ENGINE));
        devices = configuration.get(DEVICES);
        batchSize = JobConfiguration.positive(configuration, BATCH_SIZE);
        TrainingConfig defaults = TrainingConfig.defaultsFor(variant);
        training = defaults
                .withLearningRate(configuration.getOptional(LEARNING_RATE).orElse(defaults.learningRate()))
                .withL2(configuration.get(L2))
                .withSchedule(configuration.get(SCHEDULE), configuration.get(PLATEAU_FACTOR),
                        configuration.get(PLATEAU_PATIENCE))
                .withSeed(configuration.get(SEED));
        augmentation = AugmentationConfig.DEFAULTS
                .withEnabled(configuration.get(AUGMENT))
                .withFlipProbability(configuration.get(FLIP_PROBABILITY))
                .withMaxRotationDegrees(configuration.get(ROTATION))
                .withZoomRange(configuration.get(ZOOM))
                .withFillMode(configuration.get(FILL));
        validationFraction = configuration.get(VALIDATION_FRACTION);
        if (validationFraction < 0 || validationFraction >= 1) {
            throw new IllegalArgumentException("--validation.fraction must be in [0, 1), got " + validationFraction);
        }
        validationMaxImages = configuration.get(VALIDATION_MAX_IMAGES);
        exportEverySteps = JobConfiguration.positive(configuration, EXPORT_EVERY_STEPS);
        modelStoreUri = JobConfiguration.required(configuration, MODEL_STORE);
        checkpointInterval = configuration.get(CHECKPOINT_INTERVAL);
        maxRecordBytes = JobConfiguration.positive(configuration, MAX_RECORD_BYTES);
        logEverySteps = JobConfiguration.positive(configuration, LOG_EVERY_STEPS);
        int parallelism = configuration.get(PARALLELISM);
        if (parallelism != 1) {
            throw new IllegalArgumentException("--train.parallelism " + parallelism + " is not supported: one trainer"
                    + " subtask owns the model and its optimizer state, and subtasks cannot average gradients. Use"
                    + " several GPUs of one TaskManager (--model.devices gpu0,gpu1) and raise the job parallelism,"
                    + " which scales the source, decoding and augmentation.");
        }
        boundedSteps = configuration.get(BOUNDED_STEPS);
        boundedEpochs = configuration.get(BOUNDED_EPOCHS);
        boundedEndOffsets = configuration.get(BOUNDED_END_OFFSETS);
        if (boundedSteps < 0 || boundedEpochs < 0) {
            throw new IllegalArgumentException("--bounded.steps and --bounded.epochs must be >= 0");
        }
    }

    /** Options from the Flink configuration overlaid with {@code --key value} arguments. */
    public static TrainingJobOptions fromArgs(ReadableConfig flinkConfiguration, String[] args) {
        return new TrainingJobOptions(JobConfiguration.merge(flinkConfiguration, args));
    }

    public static TrainingJobOptions fromConfiguration(Configuration configuration) {
        return new TrainingJobOptions(configuration);
    }

    /** Whether the job ends by itself. */
    public boolean bounded() {
        return boundedSteps > 0 || boundedEpochs > 0 || boundedEndOffsets;
    }
}
