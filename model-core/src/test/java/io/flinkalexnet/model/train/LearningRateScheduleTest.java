package io.flinkalexnet.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.flinkalexnet.model.nn.Variant;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    private final TrainingConfig plateau = TrainingRecipe.REFERENCE.config(Variant.SEED, 0).toBuilder()
            .schedule(LearningRateSchedule.Kind.PLATEAU, 0.2, 2).build();
    /** Peak 1e-2, floor 1e-4, 10 warm-up steps of a 110-step budget. */
    private final TrainingConfig oneCycle = TrainingRecipe.MODERN.config(Variant.CIFAR_BN, 110).toBuilder()
            .learningRate(1e-2).minLearningRate(1e-4).warmupSteps(10).build();

    @Test
    void plateauReducesAfterPatienceFlatEvaluations() {
        LearningRateSchedule schedule = new LearningRateSchedule(plateau);
        assertThat(schedule.onValidationLoss(1.0)).isEqualTo(1e-4);
        assertThat(schedule.onValidationLoss(1.0)).isEqualTo(1e-4);
        assertThat(schedule.onValidationLoss(1.0)).isEqualTo(1e-4 * 0.2, offset(1e-12));
        assertThat(schedule.rateAt(1000)).as("without a warm-up every step runs at the rate").isEqualTo(1e-4 * 0.2,
                offset(1e-12));
    }

    @Test
    void improvementResetsThePatience() {
        LearningRateSchedule schedule = new LearningRateSchedule(plateau);
        schedule.onValidationLoss(1.0);
        schedule.onValidationLoss(1.0);
        schedule.onValidationLoss(0.5);
        assertThat(schedule.onValidationLoss(0.5)).isEqualTo(1e-4);
    }

    @Test
    void neverGoesBelowTheFloor() {
        LearningRateSchedule schedule = new LearningRateSchedule(plateau);
        for (int i = 0; i < 100; i++) {
            schedule.onValidationLoss(1.0);
        }
        assertThat(schedule.learningRate()).isEqualTo(1e-6);
    }

    @Test
    void constantNeverChanges() {
        LearningRateSchedule schedule = new LearningRateSchedule(
                plateau.toBuilder().schedule(LearningRateSchedule.Kind.CONSTANT, 0.2, 1).build());
        for (int i = 0; i < 10; i++) {
            schedule.onValidationLoss(1.0);
        }
        assertThat(schedule.learningRate()).isEqualTo(1e-4);
    }

    @Test
    void oneCycleWarmsUpLinearlyThenFollowsACosineToTheFloor() {
        LearningRateSchedule schedule = new LearningRateSchedule(oneCycle);
        assertThat(schedule.rateAt(0)).isEqualTo(1e-3, offset(1e-15));
        assertThat(schedule.rateAt(4)).isEqualTo(5e-3, offset(1e-15));
        assertThat(schedule.rateAt(9)).as("the last warm-up step reaches the peak").isEqualTo(1e-2, offset(1e-15));
        assertThat(schedule.rateAt(10)).as("the decay starts at the peak").isEqualTo(1e-2, offset(1e-15));
        assertThat(schedule.rateAt(60)).as("half-way: the mean of peak and floor").isEqualTo((1e-2 + 1e-4) / 2,
                offset(1e-15));
        assertThat(schedule.rateAt(110)).isEqualTo(1e-4, offset(1e-15));
        assertThat(schedule.rateAt(500)).as("past the budget it stays at the floor").isEqualTo(1e-4, offset(1e-15));
    }

    @Test
    void oneCycleOverABudgetIgnoresPlateaus() {
        LearningRateSchedule schedule = new LearningRateSchedule(oneCycle);
        for (int i = 0; i < 20; i++) {
            schedule.onValidationLoss(1.0);
        }
        assertThat(schedule.rateAt(60)).isEqualTo((1e-2 + 1e-4) / 2, offset(1e-15));
    }

    @Test
    void oneCycleWithoutABudgetKeepsThePeakAfterItsWarmUpAndReducesOnPlateaus() {
        LearningRateSchedule schedule = new LearningRateSchedule(oneCycle.toBuilder().totalSteps(0).build());
        assertThat(schedule.rateAt(4)).isEqualTo(5e-3, offset(1e-15));
        assertThat(schedule.rateAt(100_000)).isEqualTo(1e-2);
        for (int i = 0; i < 6; i++) {
            schedule.onValidationLoss(1.0);
        }
        assertThat(schedule.rateAt(100_000)).isEqualTo(1e-2 * 0.2, offset(1e-15));
    }
}
