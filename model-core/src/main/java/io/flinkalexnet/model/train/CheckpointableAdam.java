package io.flinkalexnet.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.optimizer.Optimizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Adam whose moments and step count belong to the training state, so a checkpoint can hold them.
 *
 * <p>DJL's own Adam keeps its moments private, so a restored trainer would restart them at zero.
 * This one runs the same fused engine kernel ({@code adam_update}) but keeps the first and second
 * moments by parameter name. Weight decay is applied only to the parameters named at construction:
 * for Adam as a gradient term {@code 2 * l2 * w}, which equals adding {@code l2 * sum(w²)} to the
 * loss as Keras' L2 regulariser does; for AdamW decoupled from the gradient, {@code w -= lr * wd * w}
 * before the Adam step, with the scheduled (not bias-corrected) rate, as PyTorch's AdamW does.
 */
public final class CheckpointableAdam extends Optimizer {

    private final Map<String, String> namesById;
    private final Set<String> decayed;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float l2Gradient;
    private final float decoupledDecay;
    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> variances = new LinkedHashMap<>();
    private long completedSteps;
    private float learningRate;

    CheckpointableAdam(TrainingConfig config, Map<String, String> namesById, Set<String> decayed) {
        super(Optimizer.adam());
        this.namesById = namesById;
        this.decayed = decayed;
        this.beta1 = (float) config.beta1();
        this.beta2 = (float) config.beta2();
        this.epsilon = (float) config.epsilon();
        this.l2Gradient = (float) (2 * config.l2());
        this.decoupledDecay = (float) config.weightDecay();
        this.learningRate = (float) config.learningRate();
    }

    void setLearningRate(double value) {
        learningRate = (float) value;
    }

    /** Counts one optimizer step; called once before the engine updates every parameter. */
    void beginStep() {
        completedSteps++;
    }

    long completedSteps() {
        return completedSteps;
    }

    void setCompletedSteps(long steps) {
        completedSteps = steps;
    }

    /** First moments by parameter name, created on the first update. */
    Map<String, NDArray> means() {
        return means;
    }

    Map<String, NDArray> variances() {
        return variances;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        String name = namesById.get(parameterId);
        if (name == null) {
            throw new IllegalStateException("no parameter name for id " + parameterId);
        }
        double coef1 = 1.0 - Math.pow(beta1, completedSteps);
        double coef2 = 1.0 - Math.pow(beta2, completedSteps);
        float corrected = (float) (learningRate * Math.sqrt(coef2) / coef1);
        boolean decays = decayed.contains(name);
        float weightDecay = decays ? l2Gradient : 0f;
        if (decays && decoupledDecay > 0) {
            // w -= lr * wd * w as the engines' fused SGD step with no gradient: a plain in-place multiply of a
            // weight that requires a gradient is refused by PyTorch.
            try (NDArray noGradient = weight.zerosLike()) {
                weight.getNDArrayInternal().sgdUpdate(new NDList(weight, noGradient), new NDList(weight),
                        learningRate, decoupledDecay, 1f, -1f, 0f, false);
            }
        }
        NDArray mean = means.computeIfAbsent(name, k -> weight.zerosLike());
        NDArray variance = variances.computeIfAbsent(name, k -> weight.zerosLike());
        weight.getNDArrayInternal()
                .adamUpdate(
                        new NDList(weight, grad, mean, variance),
                        new NDList(weight),
                        learningRate,
                        corrected,
                        weightDecay,
                        rescaleGrad,
                        clipGrad,
                        beta1,
                        beta2,
                        epsilon,
                        true,
                        false);
    }
}
