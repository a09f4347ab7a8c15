package io.flinkalexnet.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.jobs.config.AlexnetOptions;
import io.flinkalexnet.model.image.AugmentationConfig;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.TrainingRecipe;
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
        assertThat(config.trainer().training()).as("the reference recipe")
                .isEqualTo(TrainingRecipe.REFERENCE.config(Variant.CIFAR, 0));
        assertThat(config.augmentation()).isEqualTo(AugmentationConfig.DEFAULTS);
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
        assertThat(config.trainer().training().totalSteps()).as("the step bound is the budget").isEqualTo(30);
        assertThat(config.trainer().trainingLog()).isTrue();
        assertThat(config.bounded()).isTrue();
    }

    @Test
    void theReferenceRecipeIsThePapersAndSingleOptionsOverrideARecipe() {
        Configuration reference = required();
        reference.set(AlexnetOptions.VARIANT, "seed");
        assertThat(TrainingJobConfig.from(reference).trainer().training())
                .isEqualTo(TrainingRecipe.REFERENCE.config(Variant.SEED, 0));
        assertThat(TrainingJobConfig.from(reference).augmentation()).isEqualTo(AugmentationConfig.DEFAULTS);

        TrainingJobConfig overridden = TrainingJobConfig.fromArgs(required(), new String[] {
            "--train.recipe", "modern", "--model.variant", "cifar-bn", "--train.learning-rate", "0.01", "--train.label-smoothing", "0", "--train.ema-decay", "0.99",
            "--train.total-steps", "2000", "--augment.shift-pixels", "2", "--augment.rotation-degrees", "10"});
        assertThat(overridden.trainer().training()).isEqualTo(TrainingRecipe.MODERN.config(Variant.CIFAR_BN, 2000)
                .toBuilder().learningRate(0.01).labelSmoothing(0).emaDecay(0.99).build());
        assertThat(overridden.augmentation()).isEqualTo(TrainingRecipe.MODERN.augmentation().withMaxShiftPixels(2)
                .withMaxRotationDegrees(10));
    }

    @Test
    void aBudgetOfEpochsIsCountedAtSubmissionAndReadAgainAsTheTotalSteps() {
        Configuration epochs = required();
        epochs.set(TrainingJobOptions.RECIPE, TrainingRecipe.MODERN);
        epochs.set(AlexnetOptions.VARIANT, "cifar-bn");
        epochs.set(TrainingJobOptions.BOUNDED_EPOCHS, 3);
        TrainingJobConfig config = TrainingJobConfig.from(epochs);
        assertThat(config.budgetFromEpochs()).isTrue();

        TrainingJobConfig counted = config.withTotalSteps(1200);
        assertThat(counted.budgetFromEpochs()).isFalse();
        assertThat(counted.trainer().training()).isEqualTo(TrainingRecipe.MODERN.config(Variant.CIFAR_BN, 1200));
    }

    @Test
    void optionsThatDoNotFitTheOptimizerNameTheRecipeAndTheOption() {
        assertThatThrownBy(() -> TrainingJobConfig.fromArgs(required(), new String[] {"--train.recipe", "modern",
                        "--train.optimizer", "adam"}))
                .hasMessageContaining("the training options of recipe modern do not fit together: weightDecay 0.05 is"
                        + " AdamW's decoupled decay; with adam use l2")
                .hasMessageContaining("--train.recipe");
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
