package io.flinkalexnet.launcher.bench;

import java.util.List;

/**
 * What checkpoints cost training, read from the times at which steps ended: each checkpoint lengthens the step that is
 * running when it is triggered (the trainer waits for it, then snapshots) and the next (the sinks commit when it
 * completes), so the time those two steps took beyond two median steps is the checkpoint's pause. Measured within one
 * run, this resolves a cost far smaller than the run-to-run noise of whole-run throughputs on a shared machine.
 *
 * @param checkpoints checkpoints triggered within the measured steps
 * @param pauseMillis their pauses added up, in ms
 * @param measuredMillis the time the measured steps took, in ms
 */
record CheckpointPauses(int checkpoints, double pauseMillis, long measuredMillis) {

    /**
     * The pauses of the checkpoints triggered at {@code triggers} (epoch ms) in steps that ended at {@code stepEnds}
     * (epoch ms, ascending), counting only those after step {@code firstMeasured} (0-based) and before the last step.
     */
    static CheckpointPauses of(long[] stepEnds, List<Long> triggers, int firstMeasured) {
        if (stepEnds.length < firstMeasured + 3) {
            throw new IllegalArgumentException("too few steps: " + stepEnds.length);
        }
        double[] durations = new double[stepEnds.length - firstMeasured - 1];
        for (int i = 0; i < durations.length; i++) {
            durations[i] = stepEnds[firstMeasured + i + 1] - stepEnds[firstMeasured + i];
        }
        double median = Statistics.median(durations);
        int checkpoints = 0;
        double pause = 0;
        for (long trigger : triggers) {
            // The step during which the checkpoint was triggered ends at stepEnds[spanning].
            int spanning = firstMeasured + 1;
            while (spanning < stepEnds.length && stepEnds[spanning] <= trigger) {
                spanning++;
            }
            if (stepEnds[firstMeasured] < trigger && spanning + 1 < stepEnds.length) {
                checkpoints++;
                pause += stepEnds[spanning + 1] - stepEnds[spanning - 1] - 2 * median;
            }
        }
        return new CheckpointPauses(checkpoints, pause, stepEnds[stepEnds.length - 1] - stepEnds[firstMeasured]);
    }

    /** These runs' pauses and measured time pooled with {@code other}'s. */
    CheckpointPauses plus(CheckpointPauses other) {
        return new CheckpointPauses(checkpoints + other.checkpoints, pauseMillis + other.pauseMillis,
                measuredMillis + other.measuredMillis);
    }

    /** The mean pause of one checkpoint, in ms; NaN without checkpoints. */
    double meanPauseMillis() {
        return checkpoints == 0 ? Double.NaN : pauseMillis / checkpoints;
    }

    /** The share of the measured time the pauses took. */
    double shareOfTime() {
        return pauseMillis / measuredMillis;
    }
}
