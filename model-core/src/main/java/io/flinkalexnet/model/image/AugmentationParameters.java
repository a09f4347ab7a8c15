package io.flinkalexnet.model.image;

import java.io.Serializable;

/**
 * One drawn augmentation: an optional horizontal flip, then a rotation about the image centre combined with a zoom,
 * then an integer shift.
 *
 * @param flip whether the image is mirrored left-right first
 * @param rotationDegrees rotation angle; positive turns the content counter-clockwise as displayed (rows top to bottom)
 * @param zoom sampling scale about the centre: output offset {@code d} from the centre reads the input at {@code zoom·d}
 * @param shiftX output column {@code x} reads the transformed input at column {@code x + shiftX}
 * @param shiftY output row {@code y} reads the transformed input at row {@code y + shiftY}
 */
public record AugmentationParameters(boolean flip, double rotationDegrees, double zoom, int shiftX, int shiftY)
        implements Serializable {

    /** Leaves every image unchanged. */
    public static final AugmentationParameters IDENTITY = new AugmentationParameters(false, 0.0, 1.0);

    /** A flip, rotation and zoom without a shift. */
    public AugmentationParameters(boolean flip, double rotationDegrees, double zoom) {
        this(flip, rotationDegrees, zoom, 0, 0);
    }

    /** Validates the zoom. */
    public AugmentationParameters {
        if (!(zoom > 0.0) || !Double.isFinite(zoom) || !Double.isFinite(rotationDegrees)) {
            throw new IllegalArgumentException("augmentation needs a finite rotation and a finite zoom > 0, got "
                    + rotationDegrees + "° and zoom " + zoom);
        }
    }
}
