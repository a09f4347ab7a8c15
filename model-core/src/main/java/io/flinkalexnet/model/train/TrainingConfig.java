package io.flinkalexnet.model.train;

import java.io.Serializable;
import java.util.Objects;

/**
 * Hyper-parameters of one training run: the optimizer, weight decay, the learning-rate schedule, label smoothing,
 * the weight average that is exported, and the seed that all randomness derives from. {@link TrainingRecipe} holds
 * the named sets; {@link #toBuilder()} changes single values.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingRecipe.MODERN.config(Variant.CIFAR_BN, totalSteps).toBuilder()
 *         .learningRate(1e-3).build();
 * }</pre>
 *
 * @param optimizer Adam with the decay as an L2 loss term, or AdamW with decoupled decay
 * @param learningRate the base (peak) learning rate
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param epsilon Adam's epsilon
 * @param l2 L2 coefficient in the loss ({@code l2 · Σw²}) on the convolution and hidden FC kernels
 * @param weightDecay decoupled decay ({@code w -= lr · weightDecay · w}) on the same kernels, for AdamW
 * @param schedule how the learning rate moves
 * @param plateauFactor the factor a plateau multiplies the learning rate by
 * @param plateauPatience evaluations without improvement that make a plateau
 * @param minLearningRate the floor of the plateau rule and of the one-cycle decay
 * @param warmupSteps steps over which the learning rate rises linearly to its base value (0: none)
 * @param totalSteps the training budget that the one-cycle decay spans; 0 when unknown (unbounded training), and the
 *     one-cycle schedule then keeps the base rate after its warm-up and reduces it on plateaus
 * @param labelSmoothing the share of the target spread uniformly over the classes (0: plain cross-entropy)
 * @param emaDecay decay of the exponential moving average of the weights that is exported (0: export the weights)
 * @param seed the seed all randomness derives from
 */
public record TrainingConfig(
        Optimizer optimizer,
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        double l2,
        double weightDecay,
        LearningRateSchedule.Kind schedule,
        double plateauFactor,
        int plateauPatience,
        double minLearningRate,
        long warmupSteps,
        long totalSteps,
        double labelSmoothing,
        double emaDecay,
        long seed)
        implements Serializable {

    /** How the gradient updates the weights. */
    public enum Optimizer {
        /** Adam; weight decay is {@link #l2} in the loss (Keras' kernel regulariser, the reference). */
        ADAM,
        /** Adam with decoupled weight decay (Loshchilov and Hutter), {@link #weightDecay}. */
        ADAMW
    }

    public TrainingConfig {
        Objects.requireNonNull(optimizer, "optimizer must be set (adam or adamw)");
        Objects.requireNonNull(schedule, "schedule must be set (constant, plateau or one-cycle)");
        require(learningRate > 0, "learningRate must be > 0, got " + learningRate);
        require(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), got " + beta1);
        require(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), got " + beta2);
        require(epsilon > 0, "epsilon must be > 0, got " + epsilon);
        require(l2 >= 0, "l2 must be >= 0, got " + l2);
        require(weightDecay >= 0, "weightDecay must be >= 0, got " + weightDecay);
        require(weightDecay == 0 || optimizer == Optimizer.ADAMW,
                "weightDecay " + weightDecay + " is AdamW's decoupled decay; with adam use l2");
        require(plateauFactor > 0 && plateauFactor < 1, "plateauFactor must be in (0, 1), got " + plateauFactor);
        require(plateauPatience >= 1, "plateauPatience must be >= 1, got " + plateauPatience);
        require(minLearningRate >= 0, "minLearningRate must be >= 0, got " + minLearningRate);
        require(warmupSteps >= 0, "warmupSteps must be >= 0, got " + warmupSteps);
        require(totalSteps >= 0, "totalSteps must be >= 0 (0: unknown), got " + totalSteps);
        require(labelSmoothing >= 0 && labelSmoothing < 1, "labelSmoothing must be in [0, 1), got " + labelSmoothing);
        require(emaDecay >= 0 && emaDecay < 1, "emaDecay must be in [0, 1) (0: no average), got " + emaDecay);
    }

    /** A copy with {@code seed} replaced. */
    public TrainingConfig withSeed(long value) {
        return toBuilder().seed(value).build();
    }

    /** A builder that starts from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Changes single values of a {@link TrainingConfig}; {@link #build()} validates them together. */
    public static final class Builder {
        private Optimizer optimizer;
        private double learningRate;
        private double beta1;
        private double beta2;
        private double epsilon;
        private double l2;
        private double weightDecay;
        private LearningRateSchedule.Kind schedule;
        private double plateauFactor;
        private int plateauPatience;
        private double minLearningRate;
        private long warmupSteps;
        private long totalSteps;
        private double labelSmoothing;
        private double emaDecay;
        private long seed;

        private Builder(TrainingConfig c) {
            optimizer = c.optimizer;
            learningRate = c.learningRate;
            beta1 = c.beta1;
            beta2 = c.beta2;
            epsilon = c.epsilon;
            l2 = c.l2;
            weightDecay = c.weightDecay;
            schedule = c.schedule;
            plateauFactor = c.plateauFactor;
            plateauPatience = c.plateauPatience;
            minLearningRate = c.minLearningRate;
            warmupSteps = c.warmupSteps;
            totalSteps = c.totalSteps;
            labelSmoothing = c.labelSmoothing;
            emaDecay = c.emaDecay;
            seed = c.seed;
        }

        public Builder optimizer(Optimizer value) {
            optimizer = value;
            return this;
        }

        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        public Builder l2(double value) {
            l2 = value;
            return this;
        }

        public Builder weightDecay(double value) {
            weightDecay = value;
            return this;
        }

        /** The schedule, with the plateau rule's factor and patience. */
        public Builder schedule(LearningRateSchedule.Kind kind, double factor, int patience) {
            schedule = kind;
            plateauFactor = factor;
            plateauPatience = patience;
            return this;
        }

        public Builder minLearningRate(double value) {
            minLearningRate = value;
            return this;
        }

        public Builder warmupSteps(long value) {
            warmupSteps = value;
            return this;
        }

        public Builder totalSteps(long value) {
            totalSteps = value;
            return this;
        }

        public Builder labelSmoothing(double value) {
            labelSmoothing = value;
            return this;
        }

        public Builder emaDecay(double value) {
            emaDecay = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(optimizer, learningRate, beta1, beta2, epsilon, l2, weightDecay, schedule,
                    plateauFactor, plateauPatience, minLearningRate, warmupSteps, totalSteps, labelSmoothing,
                    emaDecay, seed);
        }
    }
}
