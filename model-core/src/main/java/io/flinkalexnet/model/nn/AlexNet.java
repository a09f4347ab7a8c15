package io.flinkalexnet.model.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.Pair;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The modernised AlexNet as an engine-agnostic DJL block: five convolutions and three fully
 * connected layers, batch normalisation after the first two convolutions (after every one in
 * {@link Variant#CIFAR_BN}), dropout in the hidden FC layers.
 *
 * <pre>{@code
 * Block block = AlexNet.builder().setVariant(Variant.CIFAR).build();
 * }</pre>
 *
 * <p>{@link Variant#SEED} is the reference network (46,789,386 parameters). {@link Variant#CIFAR}
 * keeps the shape but works on 32×32 input with 3×3 kernels and narrower layers so that it trains
 * at a few hundred images per second on two CPU cores: conv 64, 128, 192, 192, 128 (each 3×3,
 * same padding), 2×2 max pooling after conv 1, 2 and 5 (32→16→8→4), FC 512, 512, 10;
 * 2,167,946 parameters (384 of them BN running statistics). {@link Variant#CIFAR_BN} normalises after every
 * convolution (conv, BN, ReLU) and widens conv 3–5: conv 64, 128, 256, 256, 256, pooling after conv 1, 2 and 5,
 * FC 512, 512, 10; 3,920,266 parameters (1,920 of them BN running statistics).
 */
public final class AlexNet {

    /** Keras' BatchNormalization defaults, which the reference uses. */
    private static final float BN_MOMENTUM = 0.99f;

    private static final float BN_EPSILON = 1e-3f;
    /** Dropout rate of the two hidden FC layers. */
    private static final float DROPOUT = 0.5f;

    private AlexNet() {}

    /** Starts building a network. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The ids of the parameters that L2 weight decay applies to: every convolution kernel and the
     * hidden FC kernels, but no bias, no batch-norm parameter and not the output layer (as the
     * reference recipe does).
     */
    public static Set<String> l2RegularizedParameterNames(Block network) {
        Set<String> names = new LinkedHashSet<>();
        var children = network.getChildren();
        String outputLayer = children.get(children.size() - 1).getKey();
        for (Pair<String, Parameter> parameter : network.getParameters()) {
            boolean kernel = parameter.getValue().getType() == Parameter.Type.WEIGHT;
            if (kernel && !parameter.getKey().startsWith(outputLayer + "_")) {
                names.add(parameter.getKey());
            }
        }
        return names;
    }

    /** Builds an {@link AlexNet} block; {@code setVariant} is required. */
    public static final class Builder {
        private Variant variant;
        private int numClasses = 10;

        private Builder() {}

        /** The variant to build (required). */
        public Builder setVariant(Variant variant) {
            this.variant = variant;
            return this;
        }

        /** Number of output classes, 10 by default. */
        public Builder optNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        public SequentialBlock build() {
            if (variant == null) {
                throw new IllegalArgumentException("Must set variant (cifar or seed)");
            }
            if (numClasses < 2) {
                throw new IllegalArgumentException("numClasses must be at least 2, got " + numClasses);
            }
            return switch (variant) {
                case SEED -> seed();
                case CIFAR -> cifar();
                case CIFAR_BN -> cifarBn();
            };
        }

        private SequentialBlock seed() {
            SequentialBlock net = new SequentialBlock();
            net.add(conv(96, 11, 4, 0)).add(Activation.reluBlock()).add(batchNorm());
            net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)));
            net.add(conv(256, 5, 1, 2)).add(Activation.reluBlock()).add(batchNorm());
            net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)));
            net.add(conv(384, 3, 1, 1)).add(Activation.reluBlock());
            net.add(conv(384, 3, 1, 1)).add(Activation.reluBlock());
            net.add(conv(256, 3, 1, 1)).add(Activation.reluBlock());
            net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)));
            return classifier(net, 4096);
        }

        private SequentialBlock cifar() {
            SequentialBlock net = new SequentialBlock();
            net.add(conv(64, 3, 1, 1)).add(Activation.reluBlock()).add(batchNorm());
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            net.add(conv(128, 3, 1, 1)).add(Activation.reluBlock()).add(batchNorm());
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            net.add(conv(192, 3, 1, 1)).add(Activation.reluBlock());
            net.add(conv(192, 3, 1, 1)).add(Activation.reluBlock());
            net.add(conv(128, 3, 1, 1)).add(Activation.reluBlock());
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            return classifier(net, 512);
        }

        private SequentialBlock cifarBn() {
            SequentialBlock net = new SequentialBlock();
            convBnRelu(net, 64);
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            convBnRelu(net, 128);
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            convBnRelu(net, 256);
            convBnRelu(net, 256);
            convBnRelu(net, 256);
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            return classifier(net, 512);
        }

        /** A 3×3 same-padded convolution normalised before its ReLU, as in today's CNNs. */
        private static void convBnRelu(SequentialBlock net, int filters) {
            net.add(conv(filters, 3, 1, 1)).add(batchNorm()).add(Activation.reluBlock());
        }

        private SequentialBlock classifier(SequentialBlock net, int hiddenUnits) {
            net.add(Blocks.batchFlattenBlock());
            net.add(Linear.builder().setUnits(hiddenUnits).build()).add(Activation.reluBlock());
            net.add(Dropout.builder().optRate(DROPOUT).build());
            net.add(Linear.builder().setUnits(hiddenUnits).build()).add(Activation.reluBlock());
            net.add(Dropout.builder().optRate(DROPOUT).build());
            net.add(Linear.builder().setUnits(numClasses).build());
            return net;
        }

        private static Conv2d conv(int filters, int kernel, int stride, int padding) {
            return Conv2d.builder()
                    .setFilters(filters)
                    .setKernelShape(new Shape(kernel, kernel))
                    .optStride(new Shape(stride, stride))
                    .optPadding(new Shape(padding, padding))
                    .build();
        }

        private static BatchNorm batchNorm() {
            return BatchNorm.builder().optMomentum(BN_MOMENTUM).optEpsilon(BN_EPSILON).build();
        }
    }
}
