package io.flinkalexnet.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.jobs.config.AlexnetOptions;
import io.flinkalexnet.model.nn.Variant;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class InferenceJobConfigTest {

    /** The options every inference job needs. */
    private static Configuration required() {
        Configuration configuration = new Configuration();
        configuration.set(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS, "localhost:9092");
        return configuration;
    }

    @Test
    void defaultsReadTheInferenceTopicAndServeCifarModels() {
        InferenceJobConfig config = InferenceJobConfig.from(required());

        assertThat(config.inferenceTopic()).isEqualTo(InferenceJobOptions.DEFAULT_INFERENCE_TOPIC);
        assertThat(config.predictionsTopic()).isEqualTo(InferenceJobOptions.DEFAULT_PREDICTIONS_TOPIC);
        assertThat(config.deadLetterTopic()).isEqualTo(AlexnetOptions.DEFAULT_DEAD_LETTER_TOPIC);
        assertThat(config.modelsTopic()).isEqualTo(AlexnetOptions.DEFAULT_MODELS_TOPIC);
        assertThat(config.groupId()).isEqualTo(InferenceJob.NAME);
        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.classifier().variant()).isEqualTo(Variant.CIFAR);
        assertThat(config.classifier().numClasses()).isEqualTo(10);
        assertThat(config.classifier().initialArtifact()).isNull();
        assertThat(config.boundedEndOffsets()).isFalse();
    }

    @Test
    void modelsSourceHasAConsumerGroupOfItsOwn() {
        Configuration configuration = required();
        configuration.set(InferenceJobOptions.GROUP_ID, "serving");

        assertThat(InferenceJobConfig.from(configuration).modelsGroupId()).isEqualTo("serving-models");
    }

    @Test
    void batchingOptionsOnTheCommandLineAreParsedWithTheirUnits() {
        InferenceJobConfig config = InferenceJobConfig.fromArgs(required(), new String[] {
            "--inference.batch-size", "32", "--inference.batch-timeout", "15 ms", "--inference.no-model.throttle",
            "1 s"});

        assertThat(config.classifier().batchSize()).isEqualTo(32);
        assertThat(config.classifier().batchTimeoutMillis()).isEqualTo(15);
        assertThat(config.classifier().noModelThrottleMillis()).isEqualTo(1000);
    }

    @Test
    void aBatchSizeOfZeroIsRefusedNamingTheOption() {
        Configuration configuration = required();
        configuration.set(InferenceJobOptions.BATCH_SIZE, 0);

        assertThatThrownBy(() -> InferenceJobConfig.from(configuration))
                .hasMessage("--inference.batch-size must be > 0, got 0");
    }

    @Test
    void aNegativeBatchTimeoutIsRefused() {
        Configuration configuration = required();
        configuration.set(InferenceJobOptions.BATCH_TIMEOUT, Duration.ofMillis(-1));

        assertThatThrownBy(() -> InferenceJobConfig.from(configuration))
                .hasMessage("--inference.batch-timeout and --inference.no-model.throttle must not be negative");
    }

    @Test
    void trainingOnlyOptionsAreRejected() {
        Configuration configuration = required();
        configuration.set(TrainingJobOptions.BATCH_SIZE, 3);

        assertThatThrownBy(() -> InferenceJobConfig.from(configuration))
                .hasMessageContaining("unknown option(s) [alexnet.train.batch-size]")
                .hasMessageContaining("--inference.batch-size");
    }
}
