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
 * @param trainingLogTopic the topic of the training log, or null when there is none
 * @param boundedEpochs passes over the records present at start before the job stops (0: no limit)
 */
public record TrainingJobConfig(
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
        TrainingConfig defaults = TrainingConfig.defaultsFor(variant);
        TrainingConfig training = defaults
                .withLearningRate(configuration.getOptional(TrainingJobOptions.LEARNING_RATE)
                        .orElse(defaults.learningRate()))
                .withL2(configuration.get(TrainingJobOptions.L2))
                .withSchedule(configuration.get(TrainingJobOptions.SCHEDULE),
                        configuration.get(TrainingJobOptions.PLATEAU_FACTOR),
                        configuration.get(TrainingJobOptions.PLATEAU_PATIENCE))
                .withSeed(configuration.get(TrainingJobOptions.SEED));
        AugmentationConfig augmentation = AugmentationConfig.DEFAULTS
                .withEnabled(configuration.get(TrainingJobOptions.AUGMENT))
                .withFlipProbability(configuration.get(TrainingJobOptions.FLIP_PROBABILITY))
                .withMaxRotationDegrees(configuration.get(TrainingJobOptions.ROTATION))
                .withZoomRange(configuration.get(TrainingJobOptions.ZOOM))
                .withFillMode(configuration.get(TrainingJobOptions.FILL));
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
        long boundedSteps = configuration.get(TrainingJobOptions.BOUNDED_STEPS);
        int boundedEpochs = configuration.get(TrainingJobOptions.BOUNDED_EPOCHS);
        if (boundedSteps < 0 || boundedEpochs < 0) {
            throw new IllegalArgumentException(JobConfiguration.argument(TrainingJobOptions.BOUNDED_STEPS) + " and "
                    + JobConfiguration.argument(TrainingJobOptions.BOUNDED_EPOCHS) + " must be >= 0");
        }
        return new TrainingJobConfig(kafka,
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

    /** Whether the job ends by itself. */
    public boolean bounded() {
        return trainer.stepLimit() > 0 || boundedEpochs > 0 || boundedEndOffsets;
    }
}
