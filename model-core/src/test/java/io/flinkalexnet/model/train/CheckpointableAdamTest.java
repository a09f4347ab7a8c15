package io.flinkalexnet.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.model.nn.Variant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointableAdamTest {

    private static final float[] WEIGHT = {0.5f, -0.25f, 1.0f};
    private static final float[] GRADIENT = {0.1f, 0.2f, -0.3f};

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void twoStepsMatchTheAdamFormulaWithL2OnDecayedParametersOnly(String engine) throws Exception {
        twoStepsMatchTheFormula(engine, TrainingRecipe.REFERENCE.config(Variant.CIFAR, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void twoStepsMatchTheAdamWFormulaWithDecoupledDecayOnDecayedParametersOnly(String engine) throws Exception {
        TrainingConfig config = TrainingRecipe.MODERN.config(Variant.CIFAR_BN, 100).toBuilder()
                .weightDecay(0.5).build();
        twoStepsMatchTheFormula(engine, config);
    }

    /**
     * On a thread of its own, as the training job's trainer runs: there PyTorch's grad mode is on, and it refuses
     * in-place changes of a weight that requires a gradient.
     */
    private static void twoStepsMatchTheFormula(String engine, TrainingConfig config) throws Exception {
        CompletableFuture.runAsync(() -> twoStepsOnThisThread(engine, config),
                runnable -> new Thread(runnable, "trainer").start()).get();
    }

    private static void twoStepsOnThisThread(String engine, TrainingConfig config) {
        try (NDManager manager = Engines.engine(engine).newBaseManager()) {
            CheckpointableAdam adam = new CheckpointableAdam(
                    config, Map.of("id-kernel", "kernel", "id-bias", "bias"), Set.of("kernel"));
            NDArray kernel = manager.create(WEIGHT);
            NDArray bias = manager.create(WEIGHT);
            kernel.setRequiresGradient(true);
            bias.setRequiresGradient(true);
            for (int step = 0; step < 2; step++) {
                adam.beginStep();
                adam.update("id-kernel", kernel, manager.create(GRADIENT));
                adam.update("id-bias", bias, manager.create(GRADIENT));
            }
            assertThat(kernel.toFloatArray()).containsExactly(expected(config, true), Offset.offset(1e-6f));
            assertThat(bias.toFloatArray()).containsExactly(expected(config, false), Offset.offset(1e-6f));
            assertThat(adam.means()).containsOnlyKeys("kernel", "bias");
        }
    }

    /** Keras' Adam with an L2 term on the loss, or PyTorch's AdamW, written out in doubles. */
    private static float[] expected(TrainingConfig config, boolean decayed) {
        float[] result = new float[WEIGHT.length];
        for (int i = 0; i < WEIGHT.length; i++) {
            double w = WEIGHT[i];
            double m = 0;
            double v = 0;
            for (int t = 1; t <= 2; t++) {
                if (decayed) {
                    w -= config.learningRate() * config.weightDecay() * w;
                }
                double g = GRADIENT[i] + (decayed ? 2 * config.l2() * w : 0);
                m = config.beta1() * m + (1 - config.beta1()) * g;
                v = config.beta2() * v + (1 - config.beta2()) * g * g;
                double lr = config.learningRate() * Math.sqrt(1 - Math.pow(config.beta2(), t))
                        / (1 - Math.pow(config.beta1(), t));
                w -= lr * m / (Math.sqrt(v) + config.epsilon());
            }
            result[i] = (float) w;
        }
        return result;
    }
}
