package io.flinkalexnet.jobs;

import static io.flinkalexnet.jobs.config.AlexnetOptions.key;

import io.flinkalexnet.jobs.config.AlexnetOptions;
import io.flinkalexnet.model.image.FillMode;
import io.flinkalexnet.model.train.LearningRateSchedule;
import io.flinkalexnet.model.train.TrainingConfig;
import io.flinkalexnet.model.train.TrainingRecipe;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * The options of the {@link TrainingJob} alone, and the job's instances of the shared ones of
 * {@link AlexnetOptions}; {@link TrainingJobConfig} reads and checks them.
 */
public final class TrainingJobOptions {

    public static final String DEFAULT_TRAINING_TOPIC = "images.train";

    public static final ConfigOption<String> GROUP_ID = AlexnetOptions.groupId(TrainingJob.NAME);
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            AlexnetOptions.transactionalIdPrefix(TrainingJob.NAME);
    public static final ConfigOption<String> DEVICES =
            AlexnetOptions.devices("The trainer splits each batch across all of them.");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            AlexnetOptions.checkpointInterval(Duration.ofSeconds(60));

    public static final ConfigOption<String> TRAINING_TOPIC = key("topic.train")
            .stringType().defaultValue(DEFAULT_TRAINING_TOPIC)
            .withDescription("Topic of the labelled ImageRecords to learn from.");
    public static final ConfigOption<String> TRAINING_LOG_TOPIC = key("topic.training-log")
            .stringType().noDefaultValue()
            .withDescription("Optional topic for a TrainingStep record per optimizer step (which image ids it"
                    + " trained on); off when unset.");

    public static final ConfigOption<Integer> BATCH_SIZE = key("train.batch-size")
            .intType().defaultValue(128)
            .withDescription("Images per optimizer step.");
    public static final ConfigOption<TrainingRecipe> RECIPE = key("train.recipe")
            .enumType(TrainingRecipe.class).defaultValue(TrainingRecipe.REFERENCE)
            .withDescription("The hyper-parameters and augmentation the options below start from: reference (the"
                    + " paper's Adam, L2, plateau, flip/rotation/zoom) or modern (AdamW, warm-up and cosine decay over"
                    + " the budget, label smoothing, flip and random crops, the weight average exported; not yet the"
                    + " default: its accuracy is still being measured).");
    public static final ConfigOption<TrainingConfig.Optimizer> OPTIMIZER = key("train.optimizer")
            .enumType(TrainingConfig.Optimizer.class).noDefaultValue()
            .withDescription("adam (decay as L2 in the loss) or adamw (decoupled decay); default: the recipe's.");
    public static final ConfigOption<Double> LEARNING_RATE = key("train.learning-rate")
            .doubleType().noDefaultValue()
            .withDescription("Base (peak) learning rate; default: the recipe's (modern 2e-3 for the CIFAR networks and"
                    + " 5e-4 for seed; reference 1e-3 and 1e-4).");
    public static final ConfigOption<LearningRateSchedule.Kind> SCHEDULE = key("train.schedule")
            .enumType(LearningRateSchedule.Kind.class).noDefaultValue()
            .withDescription("constant; plateau: multiply the learning rate by plateau-factor when the validation"
                    + " loss has not improved for plateau-patience exports; one_cycle: cosine decay to the floor"
                    + " over the budget (train.total-steps), plateau rule when there is none. Default: the recipe's.");
    public static final ConfigOption<Double> PLATEAU_FACTOR = key("train.plateau-factor")
            .doubleType().noDefaultValue()
            .withDescription("Factor of the plateau rule; default: the recipe's (0.2).");
    public static final ConfigOption<Integer> PLATEAU_PATIENCE = key("train.plateau-patience")
            .intType().noDefaultValue()
            .withDescription("Exports without improvement before the plateau rule lowers the learning rate; default:"
                    + " the recipe's (5).");
    public static final ConfigOption<Long> WARMUP_STEPS = key("train.warmup-steps")
            .longType().noDefaultValue()
            .withDescription("Steps over which the learning rate rises linearly to its base value; default: the"
                    + " recipe's (modern: 5% of the budget, 500 without one; reference: none).");
    public static final ConfigOption<Long> TOTAL_STEPS = key("train.total-steps")
            .longType().noDefaultValue()
            .withDescription("The budget the one-cycle decay spans; default: bounded.steps, else bounded.epochs"
                    + " passes over the training records present at submission, else none (unbounded).");
    public static final ConfigOption<Double> L2 = key("train.l2")
            .doubleType().noDefaultValue()
            .withDescription("L2 penalty on convolution and hidden FC kernels, added to the loss as l2*sum(w^2);"
                    + " default: the recipe's (reference 5e-4, modern 0).");
    public static final ConfigOption<Double> WEIGHT_DECAY = key("train.weight-decay")
            .doubleType().noDefaultValue()
            .withDescription("AdamW's decoupled decay of the same kernels (w -= lr*decay*w); default: the recipe's"
                    + " (modern 0.05, reference 0).");
    public static final ConfigOption<Double> LABEL_SMOOTHING = key("train.label-smoothing")
            .doubleType().noDefaultValue()
            .withDescription("Share of the target spread over all classes; default: the recipe's (modern 0.1).");
    public static final ConfigOption<Double> EMA_DECAY = key("train.ema-decay")
            .doubleType().noDefaultValue()
            .withDescription("Decay of the moving average of the weights that is exported and scored (0: export the"
                    + " weights themselves); default: the recipe's (modern 0.999, reference 0).");
    public static final ConfigOption<Long> SEED = key("train.seed")
            .longType().defaultValue(42L)
            .withDescription("Seed of initialisation, dropout and augmentation; a replay with the same seed and"
                    + " data trains identically.");

    public static final ConfigOption<Boolean> AUGMENT = key("augment.enabled")
            .booleanType().defaultValue(true)
            .withDescription("Augment training images (flip, rotation, zoom, shift); validation images never are.");
    public static final ConfigOption<Double> FLIP_PROBABILITY = key("augment.flip-probability")
            .doubleType().noDefaultValue()
            .withDescription("Probability of a horizontal flip; default: the recipe's (0.5).");
    public static final ConfigOption<Double> ROTATION = key("augment.rotation-degrees")
            .doubleType().noDefaultValue()
            .withDescription("Largest rotation either way, in degrees; default: the recipe's (reference 36, the"
                    + " paper's 0.1 of a turn; modern 0).");
    public static final ConfigOption<Double> ZOOM = key("augment.zoom")
            .doubleType().noDefaultValue()
            .withDescription("Largest zoom in or out, as a fraction; default: the recipe's (reference 0.1, modern 0).");
    public static final ConfigOption<Integer> SHIFT = key("augment.shift-pixels")
            .intType().noDefaultValue()
            .withDescription("Largest shift either way, in pixels (with reflect fill a random crop of the padded"
                    + " image); default: the recipe's (modern 4, reference 0).");
    public static final ConfigOption<FillMode> FILL = key("augment.fill")
            .enumType(FillMode.class).noDefaultValue()
            .withDescription("How pixels from outside the image are filled: reflect, nearest or constant; default:"
                    + " the recipe's (reflect).");

    public static final ConfigOption<Double> VALIDATION_FRACTION = key("validation.fraction")
            .doubleType().defaultValue(0.0)
            .withDescription("Fraction of untagged records held out for validation, chosen by a hash of the id"
                    + " (stable across epochs); records tagged split=VALIDATION are always held out.");
    public static final ConfigOption<Integer> VALIDATION_MAX_IMAGES = key("validation.max-images")
            .intType().defaultValue(5000)
            .withDescription("Held-out images kept (in state) and scored at each export; later ones replace none.");

    public static final ConfigOption<Integer> EXPORT_EVERY_STEPS = key("export.every-steps")
            .intType().defaultValue(500)
            .withDescription("Export a model version at the first checkpoint after this many steps since the last.");
    public static final ConfigOption<String> MODEL_STORE = key("model-store.uri")
            .stringType().noDefaultValue()
            .withDescription("Flink filesystem URI of the model store, e.g. file:///data/models or s3://bucket/models."
                    + " Required.");
    public static final ConfigOption<Integer> LOG_EVERY_STEPS = key("log.every-steps")
            .intType().defaultValue(50)
            .withDescription("A progress line in the log every this many steps.");
    public static final ConfigOption<Integer> PARALLELISM = key("train.parallelism")
            .intType().defaultValue(1)
            .withDescription("Parallelism of the trainer. Must be 1: one trainer holds the model; scale with GPUs"
                    + " (model.devices) and the parallelism of source, decoding and augmentation.");

    public static final ConfigOption<Long> BOUNDED_STEPS = key("bounded.steps")
            .longType().defaultValue(0L)
            .withDescription("Stop after this many steps (0: no limit). Reads the topic as many times as needed.");
    public static final ConfigOption<Integer> BOUNDED_EPOCHS = key("bounded.epochs")
            .intType().defaultValue(0)
            .withDescription("Stop after this many passes over the records present at start (0: no limit).");

    /** Every option of this job, for --help, the README and the manifests' checks. */
    public static final List<ConfigOption<?>> OPTIONS = List.of(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS,
            AlexnetOptions.KAFKA_TRANSACTION_TIMEOUT, GROUP_ID, TRANSACTIONAL_ID_PREFIX, TRAINING_TOPIC,
            AlexnetOptions.DEAD_LETTER_TOPIC, AlexnetOptions.MODELS_TOPIC, TRAINING_LOG_TOPIC, AlexnetOptions.VARIANT,
            AlexnetOptions.ENGINE, DEVICES, BATCH_SIZE, RECIPE, OPTIMIZER, LEARNING_RATE, SCHEDULE, PLATEAU_FACTOR,
            PLATEAU_PATIENCE, WARMUP_STEPS, TOTAL_STEPS, L2, WEIGHT_DECAY, LABEL_SMOOTHING, EMA_DECAY, SEED, AUGMENT,
            FLIP_PROBABILITY, ROTATION, ZOOM, SHIFT, FILL, VALIDATION_FRACTION, VALIDATION_MAX_IMAGES,
            EXPORT_EVERY_STEPS, MODEL_STORE, CHECKPOINT_INTERVAL, AlexnetOptions.MAX_RECORD_BYTES, LOG_EVERY_STEPS,
            PARALLELISM, BOUNDED_STEPS, BOUNDED_EPOCHS, AlexnetOptions.BOUNDED_END_OFFSETS);

    private TrainingJobOptions() {}
}
