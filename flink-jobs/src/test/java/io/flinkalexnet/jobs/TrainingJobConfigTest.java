package io.flinkalexnet.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.jobs.config.AlexnetOptions;
import io.flinkalexnet.model.nn.Variant;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class TrainingJobConfigTest {

    /** The options every training job needs. */
    static Configuration required() {
        Configuration configuration = new Configuration();
        configuration.set(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS, "localhost:9092");
        configuration.set(TrainingJobOptions.MODEL_STORE, "file:///tmp/models");
        return configuration;
    }

    @Test
    void defaultsFollowTheVariantAndNameTheJob() {
        TrainingJobConfig config = TrainingJobConfig.from(required());

        assertThat(config.trainer().variant()).isEqualTo(Variant.CIFAR);
        assertThat(config.trainer().training().learningRate()).isEqualTo(1e-3);
        assertThat(config.trainingTopic()).isEqualTo(TrainingJobOptions.DEFAULT_TRAINING_TOPIC);
        assertThat(config.groupId()).isEqualTo(TrainingJob.NAME);
        assertThat(config.transactionalIdPrefix()).isEqualTo(TrainingJob.NAME);
        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.trainingLogTopic()).isNull();
        assertThat(config.bounded()).isFalse();
    }

    @Test
    void theTrainerSettingsCarryTheFlinkConfigurationOverlaidWithTheCommandLine() {
        Configuration flink = required();
        flink.set(AlexnetOptions.VARIANT, "seed");
        flink.set(TrainingJobOptions.BATCH_SIZE, 32);

        TrainingJobConfig config = TrainingJobConfig.fromArgs(flink, new String[] {
            "--train.batch-size", "64", "--bounded.steps", "30", "--topic.training-log", "log"});

        assertThat(config.trainer().variant()).isEqualTo(Variant.SEED);
        assertThat(config.trainer().training().learningRate()).isEqualTo(1e-4);
        assertThat(config.trainer().batchSize()).isEqualTo(64);
        assertThat(config.trainer().stepLimit()).isEqualTo(30);
        assertThat(config.trainer().trainingLog()).isTrue();
        assertThat(config.bounded()).isTrue();
    }

    @Test
    void aMissingModelStoreIsNamed() {
        Configuration configuration = new Configuration();
        configuration.set(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS, "localhost:9092");

        assertThatThrownBy(() -> TrainingJobConfig.from(configuration))
                .hasMessageStartingWith("missing required option --model-store.uri");
    }

    @Test
    void inferenceOnlyOptionsAreRejected() {
        Configuration configuration = required();
        configuration.set(InferenceJobOptions.BATCH_SIZE, 3);

        assertThatThrownBy(() -> TrainingJobConfig.from(configuration))
                .hasMessageContaining("unknown option(s) [alexnet.inference.batch-size]")
                .hasMessageContaining("--train.batch-size");
    }

    @Test
    void aValidationFractionOfOneIsRefused() {
        Configuration configuration = required();
        configuration.set(TrainingJobOptions.VALIDATION_FRACTION, 1.0);

        assertThatThrownBy(() -> TrainingJobConfig.from(configuration))
                .hasMessage("--validation.fraction must be in [0, 1), got 1.0");
    }

    @Test
    void aNegativeBoundIsRefused() {
        Configuration configuration = required();
        configuration.set(TrainingJobOptions.BOUNDED_EPOCHS, -1);

        assertThatThrownBy(() -> TrainingJobConfig.from(configuration))
                .hasMessage("--bounded.steps and --bounded.epochs must be >= 0");
    }

    @Test
    void trainerParallelismAboveOneIsRefusedWithTheAlternative() {
        Configuration configuration = required();
        configuration.set(TrainingJobOptions.PARALLELISM, 2);

        assertThatThrownBy(() -> TrainingJobConfig.from(configuration))
                .hasMessageContaining("--train.parallelism 2 is not supported")
                .hasMessageContaining("--model.devices");
    }
}
