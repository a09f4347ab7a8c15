package io.flinkalexnet.jobs;

import io.flinkalexnet.jobs.config.AlexnetOptions;
import io.flinkalexnet.jobs.config.JobConfiguration;
import io.flinkalexnet.jobs.config.KafkaSettings;
import io.flinkalexnet.jobs.infer.ClassifierSettings;
import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.model.nn.Variant;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The {@link InferenceJob}'s settings, read from its {@link InferenceJobOptions} and checked in one place; the
 * classifier's own are {@link #classifier()}.
 *
 * <pre>{@code
 * InferenceJobConfig config = InferenceJobConfig.fromArgs(env.getConfiguration(), args);
 * }</pre>
 */
public record InferenceJobConfig(
        KafkaSettings kafka,
        String inferenceTopic,
        String predictionsTopic,
        String deadLetterTopic,
        String modelsTopic,
        String groupId,
        String transactionalIdPrefix,
        Duration checkpointInterval,
        int maxRecordBytes,
        boolean boundedEndOffsets,
        ClassifierSettings classifier) {

    /** The settings of the Flink configuration overlaid with {@code --key value} arguments. */
    public static InferenceJobConfig fromArgs(ReadableConfig flinkConfiguration, String[] args) {
        return from(JobConfiguration.merge(flinkConfiguration, args));
    }

    /** The settings {@code configuration} gives; fails naming the option of an unknown key or a bad value. */
    public static InferenceJobConfig from(Configuration configuration) {
        JobConfiguration.rejectUnknownKeys(configuration, InferenceJobOptions.OPTIONS,
                AlexnetOptions.KAFKA_PROPERTIES_PREFIX);
        KafkaSettings kafka = KafkaSettings.from(configuration);
        Duration batchTimeout = configuration.get(InferenceJobOptions.BATCH_TIMEOUT);
        Duration throttle = configuration.get(InferenceJobOptions.NO_MODEL_THROTTLE);
        if (batchTimeout.isNegative() || throttle.isNegative()) {
            throw new IllegalArgumentException(JobConfiguration.argument(InferenceJobOptions.BATCH_TIMEOUT) + " and "
                    + JobConfiguration.argument(InferenceJobOptions.NO_MODEL_THROTTLE) + " must not be negative");
        }
        ClassifierSettings classifier = new ClassifierSettings(
                Variant.fromId(configuration.get(AlexnetOptions.VARIANT)),
                CifarBinaryReader.STANDARD_CLASS_NAMES.size(),
                Engines.canonicalName(configuration.get(AlexnetOptions.ENGINE)),
                configuration.get(InferenceJobOptions.DEVICES),
                configuration.getOptional(InferenceJobOptions.INITIAL_ARTIFACT)
                        .filter(uri -> !uri.isBlank()).orElse(null),
                JobConfiguration.positive(configuration, InferenceJobOptions.BATCH_SIZE),
                batchTimeout.toMillis(),
                JobConfiguration.positive(configuration, InferenceJobOptions.TOP_K),
                JobConfiguration.positive(configuration, InferenceJobOptions.NO_MODEL_MAX_IMAGES),
                throttle.toMillis());
        return new InferenceJobConfig(kafka,
                configuration.get(InferenceJobOptions.INFERENCE_TOPIC),
                configuration.get(InferenceJobOptions.PREDICTIONS_TOPIC),
                configuration.get(AlexnetOptions.DEAD_LETTER_TOPIC),
                configuration.get(AlexnetOptions.MODELS_TOPIC),
                configuration.get(InferenceJobOptions.GROUP_ID),
                configuration.get(InferenceJobOptions.TRANSACTIONAL_ID_PREFIX),
                configuration.get(InferenceJobOptions.CHECKPOINT_INTERVAL),
                JobConfiguration.positive(configuration, AlexnetOptions.MAX_RECORD_BYTES),
                configuration.get(AlexnetOptions.BOUNDED_END_OFFSETS),
                classifier);
    }

    /** Consumer group of the models source, whose committed offsets show which updates a checkpoint includes. */
    public String modelsGroupId() {
        return groupId + "-models";
    }
}
