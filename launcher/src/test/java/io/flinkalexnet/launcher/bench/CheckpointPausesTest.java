package io.flinkalexnet.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A checkpoint's pause is what the two steps around it took beyond two median steps. */
class CheckpointPausesTest {

    // Steps of 100 ms ending at 1000, 1100, ...; the step ending at 1500 took 160 ms and the next 140 ms.
    private static final long[] STEP_ENDS = {1000, 1100, 1200, 1300, 1340, 1500, 1640, 1740, 1840, 1940};

    @Test
    void aCheckpointCostsWhatItsTwoStepsTookBeyondTwoMedianSteps() {
        CheckpointPauses pauses = CheckpointPauses.of(STEP_ENDS, List.of(1400L), 1);

        assertThat(pauses.checkpoints()).isEqualTo(1);
        assertThat(pauses.pauseMillis()).isEqualTo(100.0);
        assertThat(pauses.meanPauseMillis()).isEqualTo(100.0);
        assertThat(pauses.measuredMillis()).isEqualTo(840);
        assertThat(pauses.shareOfTime()).isCloseTo(100.0 / 840, within(1e-9));
    }

    @Test
    void pooledRunsAddTheirCheckpointsPausesAndTime() {
        CheckpointPauses one = CheckpointPauses.of(STEP_ENDS, List.of(1400L), 1);

        CheckpointPauses pooled = one.plus(CheckpointPauses.of(STEP_ENDS, List.of(), 1));

        assertThat(pooled).isEqualTo(new CheckpointPauses(1, 100.0, 1680));
        assertThat(pooled.shareOfTime()).isCloseTo(100.0 / 1680, within(1e-9));
    }

    @Test
    void checkpointsBeforeTheMeasuredStepsOrAtTheEndAreNotCounted() {
        CheckpointPauses pauses = CheckpointPauses.of(STEP_ENDS, List.of(900L, 1050L, 1900L, 2500L), 1);

        assertThat(pauses.checkpoints()).isZero();
        assertThat(pauses.pauseMillis()).isZero();
        assertThat(pauses.meanPauseMillis()).isNaN();
    }
}
