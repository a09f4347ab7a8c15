package io.flinkalexnet.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy against targets smoothed towards the uniform distribution (Szegedy et al.): the true class
 * gets {@code 1 - ε + ε / K}, every other class {@code ε / K}. The loss is
 * {@code (1 - ε) · (-log p_y) + ε · mean_k(-log p_k)}, averaged over the batch; sparse labels, logits in.
 */
final class SmoothedCrossEntropyLoss extends Loss {

    private final float smoothing;

    SmoothedCrossEntropyLoss(double smoothing) {
        super("SmoothedCrossEntropyLoss");
        this.smoothing = (float) smoothing;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logProbabilities = predictions.singletonOrThrow().logSoftmax(1);
        NDArray trueClass = logProbabilities.get(new NDIndex().addAllDim().addPickDim(labels.singletonOrThrow()));
        // Each term is a batch mean of its own, so their shapes ([n] or [n, 1]) cannot broadcast into [n, n].
        NDArray targetLoss = trueClass.neg().mean();
        NDArray uniformLoss = logProbabilities.mean(new int[] {1}).neg().mean();
        return targetLoss.mul(1f - smoothing).add(uniformLoss.mul(smoothing));
    }
}
