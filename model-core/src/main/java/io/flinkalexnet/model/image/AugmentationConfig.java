package io.flinkalexnet.model.image;

import java.io.Serializable;
import java.util.Objects;

/**
 * Settings of {@link AugmentationPipeline}; the defaults reproduce the reference network's Keras layers
 * {@code RandomFlip("horizontal")}, {@code RandomRotation(0.1)} (±0.1 turn = ±36°) and {@code RandomZoom(0.1)}
 * with reflect fill.
 *
 * @param enabled whether to augment at all; when false images pass through unchanged
 * @param flipProbability probability in [0, 1] of a horizontal flip
 * @param maxRotationDegrees rotation angle drawn uniformly from [-max, max], max in [0, 180]
 * @param zoomRange zoom factor drawn uniformly from [1 - range, 1 + range], range in [0, 1); a factor above 1
 *     samples a larger area and so shrinks the content (Keras' convention)
 * @param maxShiftPixels horizontal and vertical shifts each drawn uniformly from the integers in [-max, max]: with
 *     reflect fill, a random crop of the image padded by {@code max} pixels; at most a quarter of the image side
 * @param fillMode how pixels coming from outside the image are filled
 */
public record AugmentationConfig(
        boolean enabled, double flipProbability, double maxRotationDegrees, double zoomRange, int maxShiftPixels,
        FillMode fillMode)
        implements Serializable {

    /** The reference network's augmentation: flip 0.5, rotation ±36°, zoom ±10 %, no shift, reflect fill. */
    public static final AugmentationConfig DEFAULTS =
            new AugmentationConfig(true, 0.5, 36.0, 0.1, 0, FillMode.REFLECT);

    /** The largest shift: a quarter of the 32-pixel side. */
    public static final int MAX_SHIFT_PIXELS = 8;

    /** No augmentation. */
    public static final AugmentationConfig DISABLED = DEFAULTS.withEnabled(false);

    /** Validates the ranges. */
    public AugmentationConfig {
        Objects.requireNonNull(fillMode, "fillMode");
        if (!(flipProbability >= 0.0 && flipProbability <= 1.0)) {
            throw new IllegalArgumentException("flipProbability is " + flipProbability + "; use a value in [0, 1]");
        }
        if (!(maxRotationDegrees >= 0.0 && maxRotationDegrees <= 180.0)) {
            throw new IllegalArgumentException(
                    "maxRotationDegrees is " + maxRotationDegrees + "; use a value in [0, 180]");
        }
        if (!(zoomRange >= 0.0 && zoomRange < 1.0)) {
            throw new IllegalArgumentException("zoomRange is " + zoomRange + "; use a value in [0, 1)");
        }
        if (maxShiftPixels < 0 || maxShiftPixels > MAX_SHIFT_PIXELS) {
            throw new IllegalArgumentException("maxShiftPixels is " + maxShiftPixels + "; use a value in [0, "
                    + MAX_SHIFT_PIXELS + "]");
        }
    }

    /** A copy with {@code enabled} replaced. */
    public AugmentationConfig withEnabled(boolean value) {
        return new AugmentationConfig(value, flipProbability, maxRotationDegrees, zoomRange, maxShiftPixels, fillMode);
    }

    /** A copy with {@code flipProbability} replaced. */
    public AugmentationConfig withFlipProbability(double value) {
        return new AugmentationConfig(enabled, value, maxRotationDegrees, zoomRange, maxShiftPixels, fillMode);
    }

    /** A copy with {@code maxRotationDegrees} replaced. */
    public AugmentationConfig withMaxRotationDegrees(double value) {
        return new AugmentationConfig(enabled, flipProbability, value, zoomRange, maxShiftPixels, fillMode);
    }

    /** A copy with {@code zoomRange} replaced. */
    public AugmentationConfig withZoomRange(double value) {
        return new AugmentationConfig(enabled, flipProbability, maxRotationDegrees, value, maxShiftPixels, fillMode);
    }

    /** A copy with {@code maxShiftPixels} replaced. */
    public AugmentationConfig withMaxShiftPixels(int value) {
        return new AugmentationConfig(enabled, flipProbability, maxRotationDegrees, zoomRange, value, fillMode);
    }

    /** A copy with {@code fillMode} replaced. */
    public AugmentationConfig withFillMode(FillMode value) {
        return new AugmentationConfig(enabled, flipProbability, maxRotationDegrees, zoomRange, maxShiftPixels, value);
    }
}
