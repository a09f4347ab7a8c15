package io.flinkalexnet.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import io.flinkalexnet.model.nn.Engines;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmoothedCrossEntropyLossTest {

    private static final float[] LOGITS = {2f, 0f, -1f, 0.5f, 0.5f, 3f};
    private static final float[] LABELS = {0f, 2f};

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void isTheCrossEntropyAgainstTheSmoothedTargetsWrittenOut(String engine) {
        assertThat((double) loss(engine, new SmoothedCrossEntropyLoss(0.1))).isEqualTo(expected(0.1), offset(1e-5));
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void withoutSmoothingItIsDjlsCrossEntropy(String engine) {
        float plain = loss(engine, new SoftmaxCrossEntropyLoss());

        assertThat(loss(engine, new SmoothedCrossEntropyLoss(0))).isEqualTo(plain, offset(1e-6f));
        assertThat((double) plain).isEqualTo(expected(0), offset(1e-5));
    }

    /** {@code loss} of the two rows of logits and their labels on {@code engine}. */
    private static float loss(String engine, Loss loss) {
        try (NDManager manager = Engines.engine(engine).newBaseManager()) {
            return loss.evaluate(new NDList(manager.create(LABELS)),
                    new NDList(manager.create(LOGITS, new Shape(2, 3)))).getFloat();
        }
    }

    /** -Σ_k q_k log p_k with q = (1 - ε) one-hot + ε / K, averaged over the two rows, in doubles. */
    private static double expected(double smoothing) {
        double total = 0;
        for (int row = 0; row < 2; row++) {
            double normaliser = 0;
            for (int k = 0; k < 3; k++) {
                normaliser += Math.exp(LOGITS[row * 3 + k]);
            }
            for (int k = 0; k < 3; k++) {
                double target = (k == (int) LABELS[row] ? 1 - smoothing : 0) + smoothing / 3;
                total -= target * (LOGITS[row * 3 + k] - Math.log(normaliser));
            }
        }
        return total / 2;
    }
}
