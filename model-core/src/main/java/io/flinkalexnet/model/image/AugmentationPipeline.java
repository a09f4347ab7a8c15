package io.flinkalexnet.model.image;

import io.flinkalexnet.model.seed.Seeds;
import java.io.Serializable;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Seeded training-time augmentation of CHW float images: a random horizontal flip, then one affine transform
 * (rotation about the image centre, zoom and an integer shift, which with reflect fill is a random crop of the
 * padded image) sampled once with bilinear interpolation and the configured {@link FillMode}.
 *
 * <p>The same seed always gives the same image bit for bit: randomness comes only from
 * {@code new SplittableRandom(seed)} and trigonometry from {@link StrictMath}. Use
 * {@link #seedFor(long, String, long)} so a replayed record is augmented as before while each epoch sees a new
 * variant. The pixel centre convention is Keras': pixel {@code i} sits at coordinate {@code i}, and the image
 * centre at {@code ((width - 1) / 2, (height - 1) / 2)}.
 */
public final class AugmentationPipeline implements Serializable {

    private static final long serialVersionUID = 1L;

    private final AugmentationConfig config;

    /** Creates a pipeline with the given settings. */
    public AugmentationPipeline(AugmentationConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The settings. */
    public AugmentationConfig config() {
        return config;
    }

    /**
     * Mixes a run's base seed, a record id and an epoch into the seed for that record's augmentation in that
     * epoch; different epochs (or ids) of the same base seed always give different seeds.
     */
    public static long seedFor(long baseSeed, String recordId, long epoch) {
        // combine is a bijection of its value, so no two epochs of one record share a seed.
        return Seeds.combine(Seeds.combine(Seeds.mix64(baseSeed), Seeds.hash(recordId)), epoch);
    }

    /**
     * Draws the flip, rotation, zoom and shift for {@code seed}; {@link AugmentationParameters#IDENTITY} when disabled.
     * The shift is drawn last and only when enabled, so a configuration without one draws as it always has.
     */
    public AugmentationParameters sample(long seed) {
        if (!config.enabled()) {
            return AugmentationParameters.IDENTITY;
        }
        SplittableRandom random = new SplittableRandom(seed);
        boolean flip = random.nextDouble() < config.flipProbability();
        double rotation = (2.0 * random.nextDouble() - 1.0) * config.maxRotationDegrees();
        double zoom = 1.0 + (2.0 * random.nextDouble() - 1.0) * config.zoomRange();
        int maxShift = config.maxShiftPixels();
        if (maxShift == 0) {
            return new AugmentationParameters(flip, rotation, zoom);
        }
        int shiftX = random.nextInt(2 * maxShift + 1) - maxShift;
        int shiftY = random.nextInt(2 * maxShift + 1) - maxShift;
        return new AugmentationParameters(flip, rotation, zoom, shiftX, shiftY);
    }

    /** Returns a new array holding the augmentation of {@code chw} for {@code seed}. */
    public float[] augment(float[] chw, int channels, int height, int width, long seed) {
        if (chw.length != channels * height * width) {
            throw new IllegalArgumentException("image has " + chw.length + " floats, expected " + channels + "×"
                    + height + "×" + width + " = " + channels * height * width);
        }
        float[] out = new float[chw.length];
        augmentInto(chw, 0, out, 0, channels, height, width, seed);
        return out;
    }

    /**
     * Writes the augmentation of the image at {@code src[srcOffset..]} for {@code seed} to {@code dst[dstOffset..]},
     * e.g. one slice of a batch array; the two slices must not overlap.
     */
    public void augmentInto(float[] src, int srcOffset, float[] dst, int dstOffset,
            int channels, int height, int width, long seed) {
        if (!config.enabled()) {
            Objects.checkFromIndexSize(srcOffset, channels * height * width, src.length);
            Objects.checkFromIndexSize(dstOffset, channels * height * width, dst.length);
            System.arraycopy(src, srcOffset, dst, dstOffset, channels * height * width);
            return;
        }
        apply(sample(seed), config.fillMode(), src, srcOffset, dst, dstOffset, channels, height, width);
    }

    /**
     * Applies explicit parameters to the image at {@code src[srcOffset..]}, writing {@code dst[dstOffset..]}; the
     * two slices must not overlap.
     */
    public static void apply(AugmentationParameters parameters, FillMode fillMode, float[] src, int srcOffset,
            float[] dst, int dstOffset, int channels, int height, int width) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(
                    "image size must be positive, got " + channels + "×" + height + "×" + width);
        }
        int plane = height * width;
        int length = channels * plane;
        Objects.checkFromIndexSize(srcOffset, length, src.length);
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        if (src == dst && srcOffset < dstOffset + length && dstOffset < srcOffset + length) {
            throw new IllegalArgumentException("augmentation cannot write over its own source; pass another array");
        }
        double angle = StrictMath.toRadians(parameters.rotationDegrees());
        double zoomCos = parameters.zoom() * StrictMath.cos(angle);
        double zoomSin = parameters.zoom() * StrictMath.sin(angle);
        double centreX = (width - 1) / 2.0;
        double centreY = (height - 1) / 2.0;
        for (int y = 0; y < height; y++) {
            double dy = y - centreY;
            for (int x = 0; x < width; x++) {
                double dx = x - centreX;
                double sourceX = centreX + (zoomCos * dx - zoomSin * dy) + parameters.shiftX();
                double sourceY = centreY + (zoomSin * dx + zoomCos * dy) + parameters.shiftY();
                if (parameters.flip()) {
                    sourceX = (width - 1) - sourceX;
                }
                double floorX = Math.floor(sourceX);
                double floorY = Math.floor(sourceY);
                float fx = (float) (sourceX - floorX);
                float fy = (float) (sourceY - floorY);
                int left = fillMode.sourceIndex((int) floorX, width);
                int right = fillMode.sourceIndex((int) floorX + 1, width);
                int top = fillMode.sourceIndex((int) floorY, height);
                int bottom = fillMode.sourceIndex((int) floorY + 1, height);
                int target = dstOffset + y * width + x;
                for (int c = 0; c < channels; c++) {
                    int base = srcOffset + c * plane;
                    float topLeft = sample(src, base, top, left, width);
                    float topRight = sample(src, base, top, right, width);
                    float bottomLeft = sample(src, base, bottom, left, width);
                    float bottomRight = sample(src, base, bottom, right, width);
                    float upper = (1f - fx) * topLeft + fx * topRight;
                    float lower = (1f - fx) * bottomLeft + fx * bottomRight;
                    dst[target + c * plane] = (1f - fy) * upper + fy * lower;
                }
            }
        }
    }

    /** The pixel at ({@code row}, {@code column}) of the plane at {@code base}, or 0 for a {@code -1} index. */
    private static float sample(float[] src, int base, int row, int column, int width) {
        return row < 0 || column < 0 ? 0f : src[base + row * width + column];
    }
}
