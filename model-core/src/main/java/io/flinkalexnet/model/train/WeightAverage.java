package io.flinkalexnet.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of every weight and batch-norm statistic, the model a recipe with
 * {@link TrainingConfig#emaDecay()} exports and scores. The decay ramps up as TensorFlow's
 * {@code ExponentialMovingAverage} with {@code num_updates} does, {@code min(decay, (1 + t) / (10 + t))} after step
 * {@code t}, so that early averages are not dominated by the initial weights.
 *
 * <p>The averages are the parameters of a network of their own, used only for inference, so that scoring the
 * average never touches the weights being trained. Updates read the weights through {@code stopGradient()}: on
 * PyTorch, whose grad mode is on in the trainer's thread, an average computed from the weights themselves would record
 * an autograd graph that grows with every step. An update allocates only temporaries, which it closes.
 */
final class WeightAverage {

    private final double decay;
    private final Block network;
    private final ParameterStore parameterStore;
    private final Map<String, NDArray> averages = new LinkedHashMap<>();

    /**
     * Starts the average at the current {@code weights} of a network like {@code network} (a fresh, uninitialised
     * block of the same architecture), which it initialises in {@code manager} for {@code inputShape}.
     */
    WeightAverage(double decay, Block network, NDManager manager, Shape inputShape, Map<String, NDArray> weights) {
        this.decay = decay;
        this.network = network;
        network.initialize(manager, DataType.FLOAT32, inputShape);
        for (Pair<String, Parameter> parameter : network.getParameters()) {
            NDArray average = parameter.getValue().getArray();
            if (average.hasGradient()) {
                // PyTorch marks initialised parameters as requiring a gradient; an average is never trained.
                average.setRequiresGradient(false);
            }
            average.set(FloatBuffer.wrap(weights.get(parameter.getKey()).toFloatArray()));
            averages.put(parameter.getKey(), average);
        }
        this.parameterStore = new ParameterStore(manager, false);
    }

    /** The decay applied after {@code completedSteps} steps. */
    double decayAfter(long completedSteps) {
        return Math.min(decay, (1.0 + completedSteps) / (10.0 + completedSteps));
    }

    /** Moves the average towards {@code weights}, after the optimizer step that made {@code completedSteps}. */
    void update(Map<String, NDArray> weights, long completedSteps) {
        float kept = (float) decayAfter(completedSteps);
        averages.forEach((name, average) -> {
            try (NDArray detached = weights.get(name).stopGradient(); NDArray share = detached.mul(1f - kept)) {
                average.muli(kept).addi(share);
            }
        });
    }

    /** The averaged network's output for {@code input}, in inference mode. */
    NDList forward(NDList input) {
        return network.forward(parameterStore, input, false);
    }

    /** The averages by weight name, in the order of the weights; do not modify them. */
    Map<String, NDArray> averages() {
        return Collections.unmodifiableMap(averages);
    }

    /** The averages by weight name, for a restore to write into. */
    Map<String, NDArray> restorable() {
        return averages;
    }
}
