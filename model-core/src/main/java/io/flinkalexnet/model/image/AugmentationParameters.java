package io.flinkalexnet.model.image;

import java.io.Serializable;

/**
 * One drawn augmentation: an optional horizontal flip, then a rotation about the image centre combined with a zoom.
 *
 * @param flip whether the image is mirrored left-right first
 * @param rotationDegrees rotation angle; positive turns the content counter-clockwise as displayed (rows top to bottom)
 * @param zoom sampling scale about the centre: output offset {@code d} from the centre reads the input at {@code zoom·d}
 */
public record AugmentationParameters(boolean flip, double rotationDegrees, double zoom) implements Serializable {

    /** Leaves every image unchanged. */
    public static final AugmentationParameters IDENTITY = new AugmentationParameters(false, 0.0, 1.0);

    /** Validates the zoom. */
    public AugmentationParameters {
        if (!(zoom > 0.0) || !Double.isFinite(zoom) || !Double.isFinite(rotationDegrees)) {
            throw new IllegalArgumentException("augmentation needs a finite rotation and a finite zoom > 0, got "
                    + rotationDegrees + "° and zoom " + zoom);
        }
    }
}
