package io.flinkalexnet.model.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The learning rate over time: constant, or reduced by a factor when the validation loss has not
 * improved for a number of evaluations (Keras' ReduceLROnPlateau, which the reference uses).
 */
public final class LearningRateSchedule {

    /** Which schedule to follow. */
    public enum Kind {
        CONSTANT,
        PLATEAU
    }

    /** Keras' default: an improvement smaller than this does not count. */
    private static final double MIN_DELTA = 1e-4;

    private final Kind kind;
    private final double factor;
    private final int patience;
    private final double floor;

    private double learningRate;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int flatEvaluations;

    public LearningRateSchedule(TrainingConfig config) {
        this.kind = config.schedule();
        this.factor = config.plateauFactor();
        this.patience = config.plateauPatience();
        this.floor = config.minLearningRate();
        this.learningRate = config.learningRate();
    }

    public double learningRate() {
        return learningRate;
    }

    /** Feeds one validation loss and returns the learning rate to use from now on. */
    public double onValidationLoss(double loss) {
        if (kind == Kind.CONSTANT || Double.isNaN(loss)) {
            return learningRate;
        }
        if (loss < bestLoss - MIN_DELTA) {
            bestLoss = loss;
            flatEvaluations = 0;
        } else if (++flatEvaluations >= patience) {
            learningRate = Math.max(floor, learningRate * factor);
            flatEvaluations = 0;
        }
        return learningRate;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeDouble(learningRate);
        out.writeDouble(bestLoss);
        out.writeInt(flatEvaluations);
    }

    void read(DataInputStream in) throws IOException {
        learningRate = in.readDouble();
        bestLoss = in.readDouble();
        flatEvaluations = in.readInt();
    }
}
