package io.flinkalexnet.model.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The learning rate of each step: an optional linear warm-up, then constant, reduced by a factor when the validation
 * loss has not improved for a number of evaluations (Keras' ReduceLROnPlateau, which the reference uses), or a
 * cosine decay to the floor over the training budget (one-cycle). One-cycle without a known budget (unbounded
 * training) keeps the base rate after its warm-up and follows the plateau rule.
 */
public final class LearningRateSchedule {

    /** Which schedule to follow. */
    public enum Kind {
        CONSTANT,
        PLATEAU,
        ONE_CYCLE
    }

    /** Keras' default: an improvement smaller than this does not count. */
    private static final double MIN_DELTA = 1e-4;

    private final Kind kind;
    private final double factor;
    private final int patience;
    private final double floor;
    private final long warmupSteps;
    private final long totalSteps;

    /** The rate the plateau rule has reached (the base rate until a plateau reduces it). */
    private double learningRate;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int flatEvaluations;

    public LearningRateSchedule(TrainingConfig config) {
        this.kind = config.schedule();
        this.factor = config.plateauFactor();
        this.patience = config.plateauPatience();
        this.floor = config.minLearningRate();
        this.warmupSteps = config.warmupSteps();
        this.totalSteps = config.totalSteps();
        this.learningRate = config.learningRate();
    }

    /** The learning rate of the step that follows {@code completedSteps} steps. */
    public double rateAt(long completedSteps) {
        if (completedSteps < warmupSteps) {
            return learningRate * (completedSteps + 1) / warmupSteps;
        }
        if (!decaysOverBudget()) {
            return learningRate;
        }
        double progress = Math.min(1.0,
                (double) (completedSteps - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
        return floor + (learningRate - floor) * 0.5 * (1 + StrictMath.cos(Math.PI * progress));
    }

    /** The base rate, as the plateau rule has left it. */
    public double learningRate() {
        return learningRate;
    }

    /** Feeds one validation loss and returns the base rate from now on: a plateau lowers it. */
    public double onValidationLoss(double loss) {
        if (kind == Kind.CONSTANT || decaysOverBudget() || Double.isNaN(loss)) {
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

    private boolean decaysOverBudget() {
        return kind == Kind.ONE_CYCLE && totalSteps > 0;
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
