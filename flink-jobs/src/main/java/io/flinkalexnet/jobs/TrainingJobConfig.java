package io.flinkalexnet.jobs;

import io.flinkalexnet.jobs.config.AlexnetOptions;
import io.flinkalexnet.jobs.config.JobConfiguration;
import io.flinkalexnet.jobs.config.KafkaSettings;
import io.flinkalexnet.jobs.store.ModelStore;
import io.flinkalexnet.jobs.train.TrainerSettings;
import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.image.AugmentationConfig;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.TrainingConfig;
import io.flinkalexnet.model.train.TrainingRecipe;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The {@link TrainingJob}'s settings, read from its {@link TrainingJobOptions} and checked in one place; the
 * trainer's own are {@link #trainer()}.
 *
 * <pre>{@code
 * TrainingJobConfig config = TrainingJobConfig.fromArgs(env.getConfiguration(), args);
 * }</pre>
 *
 * @param options the options these settings were read from
 * @param trainingLogTopic the topic of the training log, or null when there is none
 * @param boundedEpochs passes over the records present at start before the job stops (0: no limit)
 */
public record TrainingJobConfig(
        Configuration options,
        KafkaSettings kafka,
        String trainingTopic,
        String deadLetterTopic,
        String modelsTopic,
        String trainingLogTopic,
        String groupId,
        String transactionalIdPrefix,
        AugmentationConfig augmentation,
        double validationFraction,
        Duration checkpointInterval,
        int maxRecordBytes,
        int boundedEpochs,
        boolean boundedEndOffsets,
        TrainerSettings trainer) {

    /** The settings of the Flink configuration overlaid with {@code --key value} arguments. */
    public static TrainingJobConfig fromArgs(ReadableConfig flinkConfiguration, String[] args) {
        return from(JobConfiguration.merge(flinkConfiguration, args));
    }

    /** The settings {@code configuration} gives; fails naming the option of an unknown key or a bad value. */
    public static TrainingJobConfig from(Configuration configuration) {
        JobConfiguration.rejectUnknownKeys(configuration, TrainingJobOptions.OPTIONS,
                AlexnetOptions.KAFKA_PROPERTIES_PREFIX);
        KafkaSettings kafka = KafkaSettings.from(configuration);
        String trainingLogTopic = configuration.getOptional(TrainingJobOptions.TRAINING_LOG_TOPIC)
                .filter(topic -> !topic.isBlank()).orElse(null);
        Variant variant = Variant.fromId(configuration.get(AlexnetOptions.VARIANT));
        String engine = Engines.canonicalName(configuration.get(AlexnetOptions.ENGINE));
        int batchSize = JobConfiguration.positive(configuration, TrainingJobOptions.BATCH_SIZE);
        TrainingRecipe recipe = configuration.get(TrainingJobOptions.RECIPE);
        long boundedSteps = configuration.get(TrainingJobOptions.BOUNDED_STEPS);
        TrainingConfig training = training(configuration, recipe, variant,
                configuration.getOptional(TrainingJobOptions.TOTAL_STEPS).orElse(Math.max(0, boundedSteps)));
        AugmentationConfig defaultAugmentation = recipe.augmentation();
        AugmentationConfig augmentation = defaultAugmentation
                .withEnabled(configuration.get(TrainingJobOptions.AUGMENT))
                .withFlipProbability(configuration.getOptional(TrainingJobOptions.FLIP_PROBABILITY)
                        .orElse(defaultAugmentation.flipProbability()))
                .withMaxRotationDegrees(configuration.getOptional(TrainingJobOptions.ROTATION)
                        .orElse(defaultAugmentation.maxRotationDegrees()))
                .withZoomRange(configuration.getOptional(TrainingJobOptions.ZOOM)
                        .orElse(defaultAugmentation.zoomRange()))
                .withMaxShiftPixels(configuration.getOptional(TrainingJobOptions.SHIFT)
                        .orElse(defaultAugmentation.maxShiftPixels()))
                .withFillMode(configuration.getOptional(TrainingJobOptions.FILL)
                        .orElse(defaultAugmentation.fillMode()));
        double validationFraction = configuration.get(TrainingJobOptions.VALIDATION_FRACTION);
        if (validationFraction < 0 || validationFraction >= 1) {
            throw new IllegalArgumentException(JobConfiguration.argument(TrainingJobOptions.VALIDATION_FRACTION)
                    + " must be in [0, 1), got " + validationFraction);
        }
        int exportEverySteps = JobConfiguration.positive(configuration, TrainingJobOptions.EXPORT_EVERY_STEPS);
        String modelStoreUri = JobConfiguration.required(configuration, TrainingJobOptions.MODEL_STORE);
        int maxRecordBytes = JobConfiguration.positive(configuration, AlexnetOptions.MAX_RECORD_BYTES);
        int logEverySteps = JobConfiguration.positive(configuration, TrainingJobOptions.LOG_EVERY_STEPS);
        int parallelism = configuration.get(TrainingJobOptions.PARALLELISM);
        if (parallelism != 1) {
            throw new IllegalArgumentException(JobConfiguration.argument(TrainingJobOptions.PARALLELISM) + " "
                    + parallelism + " is not supported: one trainer subtask owns the model and its optimizer state,"
                    + " and subtasks cannot average gradients. Use several GPUs of one TaskManager ("
                    + JobConfiguration.argument(TrainingJobOptions.DEVICES) + " gpu0,gpu1) and raise the job"
                    + " parallelism, which scales the source, decoding and augmentation.");
        }
        int boundedEpochs = configuration.get(TrainingJobOptions.BOUNDED_EPOCHS);
        if (boundedSteps < 0 || boundedEpochs < 0) {
            throw new IllegalArgumentException(JobConfiguration.argument(TrainingJobOptions.BOUNDED_STEPS) + " and "
                    + JobConfiguration.argument(TrainingJobOptions.BOUNDED_EPOCHS) + " must be >= 0");
        }
        return new TrainingJobConfig(new Configuration(configuration), kafka,
                configuration.get(TrainingJobOptions.TRAINING_TOPIC),
                configuration.get(AlexnetOptions.DEAD_LETTER_TOPIC),
                configuration.get(AlexnetOptions.MODELS_TOPIC),
                trainingLogTopic,
                configuration.get(TrainingJobOptions.GROUP_ID),
                configuration.get(TrainingJobOptions.TRANSACTIONAL_ID_PREFIX),
                augmentation,
                validationFraction,
                configuration.get(TrainingJobOptions.CHECKPOINT_INTERVAL),
                maxRecordBytes,
                boundedEpochs,
                configuration.get(AlexnetOptions.BOUNDED_END_OFFSETS),
                new TrainerSettings(variant, engine, configuration.get(TrainingJobOptions.DEVICES), batchSize,
                        training, CifarBinaryReader.STANDARD_CLASS_NAMES, exportEverySteps,
                        new ModelStore(modelStoreUri),
                        configuration.get(TrainingJobOptions.VALIDATION_MAX_IMAGES), logEverySteps, boundedSteps,
                        trainingLogTopic != null));
    }

    /**
     * Whether the one-cycle budget is to come from {@link #boundedEpochs} passes over the topic, which only the job
     * can count at submission ({@link #withTotalSteps}).
     */
    public boolean budgetFromEpochs() {
        return boundedEpochs > 0 && trainer.stepLimit() == 0
                && options.getOptional(TrainingJobOptions.TOTAL_STEPS).isEmpty();
    }

    /** These settings with a training budget of {@code totalSteps}, read again as if train.total-steps said so. */
    public TrainingJobConfig withTotalSteps(long totalSteps) {
        Configuration withBudget = new Configuration(options);
        withBudget.set(TrainingJobOptions.TOTAL_STEPS, totalSteps);
        return from(withBudget);
    }

    /**
     * The recipe's hyper-parameters for a budget of {@code totalSteps}, overridden by the options that are set; the
     * optimizer's own checks name the option of a value that does not fit.
     */
    private static TrainingConfig training(Configuration configuration, TrainingRecipe recipe, Variant variant,
            long totalSteps) {
        TrainingConfig defaults = recipe.config(variant, totalSteps);
        TrainingConfig.Builder training = defaults.toBuilder()
                .seed(configuration.get(TrainingJobOptions.SEED))
                .schedule(configuration.getOptional(TrainingJobOptions.SCHEDULE).orElse(defaults.schedule()),
                        configuration.getOptional(TrainingJobOptions.PLATEAU_FACTOR).orElse(defaults.plateauFactor()),
                        configuration.getOptional(TrainingJobOptions.PLATEAU_PATIENCE)
                                .orElse(defaults.plateauPatience()));
        configuration.getOptional(TrainingJobOptions.OPTIMIZER).ifPresent(training::optimizer);
        configuration.getOptional(TrainingJobOptions.LEARNING_RATE).ifPresent(training::learningRate);
        configuration.getOptional(TrainingJobOptions.WARMUP_STEPS).ifPresent(training::warmupSteps);
        configuration.getOptional(TrainingJobOptions.L2).ifPresent(training::l2);
        configuration.getOptional(TrainingJobOptions.WEIGHT_DECAY).ifPresent(training::weightDecay);
        configuration.getOptional(TrainingJobOptions.LABEL_SMOOTHING).ifPresent(training::labelSmoothing);
        configuration.getOptional(TrainingJobOptions.EMA_DECAY).ifPresent(training::emaDecay);
        try {
            return training.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the training options of recipe " + recipe + " do not fit together: "
                    + e.getMessage() + " (see " + JobConfiguration.argument(TrainingJobOptions.RECIPE) + " and the"
                    + " train.* options)", e);
        }
    }

    /** Whether the job ends by itself. */
    public boolean bounded() {
        return trainer.stepLimit() > 0 || boundedEpochs > 0 || boundedEndOffsets;
    }
}
