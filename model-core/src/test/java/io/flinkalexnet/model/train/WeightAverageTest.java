package io.flinkalexnet.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import io.flinkalexnet.model.nn.Engines;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeightAverageTest {

    private static final Shape INPUT = new Shape(1, 2);

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void followsTheWeightsWithTheRampedUpDecayAndFreesItsTemporaries(String engine) throws Exception {
        // On a thread of its own, as the trainer runs: there PyTorch records autograd graphs unless told not to.
        CompletableFuture.runAsync(() -> followTheWeights(engine), runnable -> new Thread(runnable, "trainer").start())
                .get();
    }

    private static void followTheWeights(String engine) {
        try (NDManager manager = Engines.engine(engine).newBaseManager()) {
            Block trained = Linear.builder().setUnits(2).build();
            trained.initialize(manager, DataType.FLOAT32, INPUT);
            Map<String, NDArray> weights = new LinkedHashMap<>();
            for (Pair<String, Parameter> parameter : trained.getParameters()) {
                NDArray weight = parameter.getValue().getArray();
                weight.set(FloatBuffer.wrap(new float[(int) weight.size()]));
                weight.setRequiresGradient(true);
                weights.put(parameter.getKey(), weight);
            }
            WeightAverage average = new WeightAverage(0.9, Linear.builder().setUnits(2).build(), manager, INPUT,
                    weights);

            double expected = 0;
            for (long step = 1; step <= 30; step++) {
                // An optimizer step moves the weights outside autograd.
                for (NDArray weight : weights.values()) {
                    float[] values = new float[(int) weight.size()];
                    Arrays.fill(values, step);
                    weight.set(FloatBuffer.wrap(values));
                }
                int live = manager.getManagedArrays().size();
                average.update(weights, step);
                assertThat(manager.getManagedArrays()).as("no array left behind by an update").hasSize(live);
                double kept = Math.min(0.9, (1.0 + step) / (10.0 + step));
                expected = kept * expected + (1 - kept) * step;
            }

            for (NDArray averaged : average.averages().values()) {
                assertThat(averaged.hasGradient()).as("the average records no graph").isFalse();
                for (float value : averaged.toFloatArray()) {
                    assertThat((double) value).isEqualTo(expected, offset(1e-4));
                }
            }
            // The averaged network: x · Wᵀ + b with every weight and bias at the average.
            float[] output = average.forward(new NDList(manager.create(new float[] {1f, 2f}, INPUT)))
                    .singletonOrThrow().toFloatArray();
            assertThat((double) output[0]).isEqualTo(4 * expected, offset(1e-3));
            assertThat(average.decayAfter(0)).isEqualTo(0.1);
            assertThat(average.decayAfter(1000)).isEqualTo(0.9);
        }
    }
}
