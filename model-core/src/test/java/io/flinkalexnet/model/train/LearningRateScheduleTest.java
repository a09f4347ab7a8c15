package io.flinkalexnet.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.model.nn.Variant;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    private final TrainingConfig plateau =
            TrainingConfig.defaultsFor(Variant.SEED).withSchedule(LearningRateSchedule.Kind.PLATEAU, 0.2, 2);

    @Test
    void plateauReducesAfterPatienceFlatEvaluations() {
        LearningRateSchedule schedule = new LearningRateSchedule(plateau);
        assertThat(schedule.onValidationLoss(1.0)).isEqualTo(1e-4);
        assertThat(schedule.onValidationLoss(1.0)).isEqualTo(1e-4);
        assertThat(schedule.onValidationLoss(1.0)).isEqualTo(1e-4 * 0.2, org.assertj.core.data.Offset.offset(1e-12));
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
                plateau.withSchedule(LearningRateSchedule.Kind.CONSTANT, 0.2, 1));
        for (int i = 0; i < 10; i++) {
            schedule.onValidationLoss(1.0);
        }
        assertThat(schedule.learningRate()).isEqualTo(1e-4);
    }
}
