package io.flinkalexnet.model.train;

import io.flinkalexnet.model.image.AugmentationConfig;
import io.flinkalexnet.model.image.FillMode;
import io.flinkalexnet.model.nn.Variant;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The named training recipes: the hyper-parameters and the augmentation a run starts from, before single options
 * override them.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingRecipe.MODERN.config(Variant.CIFAR_BN, epochs * imagesPerEpoch / batch);
 * AugmentationConfig augmentation = TrainingRecipe.MODERN.augmentation();
 * }</pre>
 */
public enum TrainingRecipe {
    /**
     * The paper's recipe, bit for bit: Adam (1e-4 for the seed network, 1e-3 for the CIFAR networks), L2 5e-4 in
     * the loss, reduce on plateau ×0.2 after 5 flat evaluations, flip, ±36° rotation and ±10% zoom with reflect fill.
     */
    REFERENCE("reference"),
    /**
     * Today's optimisation: AdamW with decoupled decay 0.05, a linear warm-up then cosine decay over the training
     * budget (one-cycle), label smoothing 0.1, flip and ±4-pixel reflect-padded random crops, and an exponential
     * moving average of the weights (decay 0.999) as the exported model.
     */
    MODERN("modern");

    /** Warm-up of a run without a known budget. */
    static final long UNBOUNDED_WARMUP_STEPS = 500;
    /** Warm-up as a share of a known budget. */
    static final double WARMUP_SHARE = 0.05;

    private final String id;

    TrainingRecipe(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * The recipe's hyper-parameters for {@code variant} and a budget of {@code totalSteps} optimizer steps (0 for
     * unbounded training, which only the one-cycle decay needs).
     */
    public TrainingConfig config(Variant variant, long totalSteps) {
        return switch (this) {
            case REFERENCE -> new TrainingConfig(TrainingConfig.Optimizer.ADAM, variant == Variant.SEED ? 1e-4 : 1e-3,
                    0.9, 0.999, 1e-7, 5e-4, 0, LearningRateSchedule.Kind.PLATEAU, 0.2, 5, 1e-6, 0, totalSteps, 0, 0,
                    42L);
            case MODERN -> {
                double peak = variant == Variant.SEED ? 5e-4 : 2e-3;
                long warmup = totalSteps > 0 ? Math.max(1, Math.round(totalSteps * WARMUP_SHARE))
                        : UNBOUNDED_WARMUP_STEPS;
                yield new TrainingConfig(TrainingConfig.Optimizer.ADAMW, peak, 0.9, 0.999, 1e-8, 0, 0.05,
                        LearningRateSchedule.Kind.ONE_CYCLE, 0.2, 5, peak / 1000, warmup, totalSteps, 0.1, 0.999, 42L);
            }
        };
    }

    /** The recipe's training-time augmentation. */
    public AugmentationConfig augmentation() {
        return switch (this) {
            case REFERENCE -> AugmentationConfig.DEFAULTS;
            case MODERN -> new AugmentationConfig(true, 0.5, 0, 0, 4, FillMode.REFLECT);
        };
    }

    /** Parses an id such as {@code modern}, naming the accepted values when it fails. */
    public static TrainingRecipe fromId(String id) {
        for (TrainingRecipe recipe : values()) {
            if (recipe.id.equalsIgnoreCase(id == null ? "" : id.trim())) {
                return recipe;
            }
        }
        throw new IllegalArgumentException("unknown training recipe '" + id + "': use one of "
                + Arrays.stream(values()).map(TrainingRecipe::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
