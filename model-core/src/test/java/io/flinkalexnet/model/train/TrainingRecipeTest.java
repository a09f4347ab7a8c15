package io.flinkalexnet.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.model.image.AugmentationConfig;
import io.flinkalexnet.model.image.FillMode;
import io.flinkalexnet.model.nn.Variant;
import org.junit.jupiter.api.Test;

class TrainingRecipeTest {

    @Test
    void theReferenceIsThePapersRecipeAsItWasBeforeRecipesExisted() {
        assertThat(TrainingRecipe.REFERENCE.config(Variant.SEED, 0)).isEqualTo(new TrainingConfig(
                TrainingConfig.Optimizer.ADAM, 1e-4, 0.9, 0.999, 1e-7, 5e-4, 0, LearningRateSchedule.Kind.PLATEAU,
                0.2, 5, 1e-6, 0, 0, 0, 0, 42L));
        assertThat(TrainingRecipe.REFERENCE.config(Variant.CIFAR, 0).learningRate()).isEqualTo(1e-3);
        assertThat(TrainingRecipe.REFERENCE.augmentation()).isEqualTo(AugmentationConfig.DEFAULTS);
    }

    @Test
    void theModernRecipeWarmsUpOverAShareOfItsBudgetThenDecays() {
        TrainingConfig bounded = TrainingRecipe.MODERN.config(Variant.CIFAR_BN, 5000);
        assertThat(bounded.optimizer()).isEqualTo(TrainingConfig.Optimizer.ADAMW);
        assertThat(bounded.schedule()).isEqualTo(LearningRateSchedule.Kind.ONE_CYCLE);
        assertThat(bounded.warmupSteps()).isEqualTo(250);
        assertThat(bounded.totalSteps()).isEqualTo(5000);
        assertThat(bounded.l2()).as("its decay is decoupled").isZero();
        assertThat(bounded.labelSmoothing()).isEqualTo(0.1);
        assertThat(bounded.emaDecay()).isEqualTo(0.999);
        assertThat(TrainingRecipe.MODERN.config(Variant.CIFAR_BN, 0).warmupSteps())
                .isEqualTo(TrainingRecipe.UNBOUNDED_WARMUP_STEPS);
        assertThat(TrainingRecipe.MODERN.augmentation())
                .isEqualTo(new AugmentationConfig(true, 0.5, 0, 0, 4, FillMode.REFLECT));
    }

    @Test
    void recipesAreNamedByTheirIds() {
        assertThat(TrainingRecipe.fromId(" Modern ")).isEqualTo(TrainingRecipe.MODERN);
        assertThatThrownBy(() -> TrainingRecipe.fromId("fast"))
                .hasMessage("unknown training recipe 'fast': use one of reference, modern");
    }

    @Test
    void decoupledDecayNeedsAdamW() {
        assertThatThrownBy(() -> TrainingRecipe.REFERENCE.config(Variant.CIFAR, 0).toBuilder().weightDecay(0.05)
                        .build())
                .hasMessage("weightDecay 0.05 is AdamW's decoupled decay; with adam use l2");
    }
}
