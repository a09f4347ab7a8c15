package io.flinkalexnet.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.flinkalexnet.model.image.BilinearResize;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.model.image.Normalization;
import java.nio.FloatBuffer;

/**
 * Turns a batch of decoded 3×32×32 images (values in [0, 1]) into the network's input tensor:
 * per-channel normalisation, then for {@link Variant#SEED} the bilinear upscale to 224×224.
 *
 * <p>Training and inference both go through this one class so their preprocessing cannot drift.
 * Not thread-safe: it reuses one staging buffer.
 */
public final class ModelInput {

    private final Variant variant;
    private final Normalization normalization;
    private final BilinearResize upscale;
    private float[] normalized = new float[0];
    private float[] staged = new float[0];

    public ModelInput(Variant variant, Normalization normalization) {
        this.variant = variant;
        this.normalization = normalization;
        int size = variant.networkInputSize();
        this.upscale =
                size == ImageShape.HEIGHT && size == ImageShape.WIDTH
                        ? null
                        : new BilinearResize(ImageShape.CHANNELS, ImageShape.HEIGHT, ImageShape.WIDTH, size, size);
    }

    /** The network-input shape for a batch of {@code n} images. */
    public Shape shape(int n) {
        int size = variant.networkInputSize();
        return new Shape(n, ImageShape.CHANNELS, size, size);
    }

    /**
     * Creates the input tensor for the first {@code n} images of {@code images} (n × 3 × 32 × 32
     * floats, CHW per image) on {@code manager}; {@code images} is left untouched.
     */
    public NDArray toTensor(NDManager manager, float[] images, int n) {
        if (images.length < n * ImageShape.FLOATS) {
            throw new IllegalArgumentException(
                    "batch array holds " + images.length / ImageShape.FLOATS + " images, asked for " + n);
        }
        int plane = ImageShape.HEIGHT * ImageShape.WIDTH;
        normalized = ensure(normalized, n * ImageShape.FLOATS);
        for (int i = 0; i < n; i++) {
            normalization.normalizeInto(images, i * ImageShape.FLOATS, normalized, i * ImageShape.FLOATS, plane);
        }
        float[] data = normalized;
        if (upscale != null) {
            int outFloats = (int) shape(1).size();
            staged = ensure(staged, n * outFloats);
            for (int i = 0; i < n; i++) {
                upscale.resizeInto(normalized, i * ImageShape.FLOATS, staged, i * outFloats);
            }
            data = staged;
        }
        Shape shape = shape(n);
        return manager.create(FloatBuffer.wrap(data, 0, (int) shape.size()), shape);
    }

    private static float[] ensure(float[] buffer, int size) {
        return buffer.length >= size ? buffer : new float[size];
    }
}
