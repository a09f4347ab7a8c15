package io.flinkalexnet.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

class AlexNetTest {

    @Test
    void seedVariantHasTheReferenceParameterCount() {
        Counts counts = countParameters(Variant.SEED);
        assertThat(counts.total).isEqualTo(46_789_386L);
        assertThat(counts.batchNormStatistics).isEqualTo(704L);
        assertThat(counts.outputShape).isEqualTo(new Shape(1, 10));
    }

    @Test
    void cifarVariantHasItsDocumentedParameterCount() {
        Counts counts = countParameters(Variant.CIFAR);
        assertThat(counts.total).isEqualTo(2_167_946L);
        assertThat(counts.batchNormStatistics).isEqualTo(384L);
        assertThat(counts.outputShape).isEqualTo(new Shape(1, 10));
    }

    @Test
    void cifarBnVariantNormalisesEveryConvolution() {
        Counts counts = countParameters(Variant.CIFAR_BN);
        assertThat(counts.total).isEqualTo(3_920_266L);
        assertThat(counts.batchNormStatistics).as("running mean and variance of 64+128+3x256 channels")
                .isEqualTo(1_920L);
        assertThat(counts.outputShape).isEqualTo(new Shape(1, 10));
    }

    @Test
    void weightDecayCoversConvolutionsAndHiddenLayersOnly() {
        Block block = AlexNet.builder().setVariant(Variant.CIFAR).build();
        assertThat(AlexNet.l2RegularizedParameterNames(block))
                .hasSize(7)
                .allMatch(name -> name.endsWith("_weight"))
                .noneMatch(name -> name.startsWith(block.getChildren().get(block.getChildren().size() - 1).getKey()));
    }

    @Test
    void builderNamesTheMissingVariant() {
        assertThatThrownBy(() -> AlexNet.builder().build()).hasMessageContaining("Must set variant");
    }

    @Test
    void unknownVariantNamesTheAcceptedOnes() {
        assertThatThrownBy(() -> Variant.fromId("resnet")).hasMessageContaining("cifar").hasMessageContaining("seed");
    }

    private static Counts countParameters(Variant variant) {
        Block block = AlexNet.builder().setVariant(variant).build();
        int size = variant.networkInputSize();
        Shape input = new Shape(1, 3, size, size);
        try (NDManager manager = Engines.engine(Engines.MXNET).newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, input);
            Counts counts = new Counts();
            for (Pair<String, Parameter> parameter : block.getParameters()) {
                long n = parameter.getValue().getArray().size();
                counts.total += n;
                if (!parameter.getValue().requiresGradient()) {
                    counts.batchNormStatistics += n;
                }
            }
            counts.outputShape = block.getOutputShapes(new Shape[] {input})[0];
            return counts;
        }
    }

    private static final class Counts {
        long total;
        long batchNormStatistics;
        Shape outputShape;
    }
}
