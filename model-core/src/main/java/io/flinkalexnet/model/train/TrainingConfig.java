package io.flinkalexnet.model.train;

import io.flinkalexnet.model.nn.Variant;
import java.io.Serializable;

/**
 * Hyper-parameters of one training run: Adam, L2 weight decay, the learning-rate schedule and the
 * seed that all randomness derives from.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.defaultsFor(Variant.CIFAR).withLearningRate(5e-4);
 * }</pre>
 */
public record TrainingConfig(
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        double l2,
        LearningRateSchedule.Kind schedule,
        double plateauFactor,
        int plateauPatience,
        double minLearningRate,
        long seed)
        implements Serializable {

    public TrainingConfig {
        require(learningRate > 0, "learningRate must be > 0, got " + learningRate);
        require(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), got " + beta1);
        require(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), got " + beta2);
        require(epsilon > 0, "epsilon must be > 0, got " + epsilon);
        require(l2 >= 0, "l2 must be >= 0, got " + l2);
        require(plateauFactor > 0 && plateauFactor < 1, "plateauFactor must be in (0, 1), got " + plateauFactor);
        require(plateauPatience >= 1, "plateauPatience must be >= 1, got " + plateauPatience);
        require(minLearningRate >= 0, "minLearningRate must be >= 0, got " + minLearningRate);
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must be set (constant or plateau)");
        }
    }

    /**
     * The reference recipe (Adam lr 1e-4, betas 0.9/0.999, epsilon 1e-7, L2 5e-4, reduce on plateau
     * ×0.2 after 5 flat evaluations, floor 1e-6); the CIFAR variant starts at lr 1e-3, which its
     * small network tolerates and which learns much faster on a CPU budget.
     */
    public static TrainingConfig defaultsFor(Variant variant) {
        double lr = variant == Variant.SEED ? 1e-4 : 1e-3;
        return new TrainingConfig(
                lr, 0.9, 0.999, 1e-7, 5e-4, LearningRateSchedule.Kind.PLATEAU, 0.2, 5, 1e-6, 42L);
    }

    public TrainingConfig withLearningRate(double value) {
        return new TrainingConfig(value, beta1, beta2, epsilon, l2, schedule, plateauFactor,
                plateauPatience, minLearningRate, seed);
    }

    public TrainingConfig withSeed(long value) {
        return new TrainingConfig(learningRate, beta1, beta2, epsilon, l2, schedule, plateauFactor,
                plateauPatience, minLearningRate, value);
    }

    public TrainingConfig withL2(double value) {
        return new TrainingConfig(learningRate, beta1, beta2, epsilon, value, schedule, plateauFactor,
                plateauPatience, minLearningRate, seed);
    }

    public TrainingConfig withSchedule(LearningRateSchedule.Kind value, double factor, int patience) {
        return new TrainingConfig(learningRate, beta1, beta2, epsilon, l2, value, factor, patience,
                minLearningRate, seed);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
