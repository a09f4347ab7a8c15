package io.flinkalexnet.model.image;

import io.flinkalexnet.model.image.InvalidImageException.Reason;
import io.flinkalexnet.schemas.ImageRecord;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Checks an {@link ImageRecord} and decodes it: payload size first (cheap), then the label, then the image, so a
 * record is rejected with the first problem found and never decoded when a cheaper check already fails.
 */
public final class RecordValidator implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Default limit on {@code ImageRecord.pixels}: 1 MiB. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1 << 20;

    private final int numClasses;
    private final boolean labelRequired;
    private final int maxPayloadBytes;
    private final ImageDecoder decoder;

    /** Creates a validator with the {@link #DEFAULT_MAX_PAYLOAD_BYTES} limit. */
    public RecordValidator(int numClasses, boolean labelRequired) {
        this(numClasses, labelRequired, DEFAULT_MAX_PAYLOAD_BYTES, new ImageDecoder());
    }

    /** Creates a validator for labels {@code 0..numClasses-1} and at most {@code maxPayloadBytes} pixel bytes. */
    public RecordValidator(int numClasses, boolean labelRequired, int maxPayloadBytes) {
        this(numClasses, labelRequired, maxPayloadBytes, new ImageDecoder());
    }

    /** Creates a validator that decodes with {@code decoder}, e.g. one with another decoded-pixel limit. */
    public RecordValidator(int numClasses, boolean labelRequired, int maxPayloadBytes, ImageDecoder decoder) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive, got " + maxPayloadBytes);
        }
        this.numClasses = numClasses;
        this.labelRequired = labelRequired;
        this.maxPayloadBytes = maxPayloadBytes;
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /** The largest accepted {@code pixels} field, in bytes. */
    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** Returns the record's decoded 3×32×32 CHW image in [0, 1], or throws {@link InvalidImageException}. */
    public float[] validate(ImageRecord record) {
        float[] image = new float[ImageShape.FLOATS];
        validateInto(record, image, 0);
        return image;
    }

    /** Validates the record and writes its decoded image to {@code dst[dstOffset..]}, e.g. one slice of a batch. */
    public void validateInto(ImageRecord record, float[] dst, int dstOffset) {
        String id = record.getId();
        ByteBuffer pixels = record.getPixels();
        int payloadBytes = pixels == null ? 0 : pixels.remaining();
        if (payloadBytes > maxPayloadBytes) {
            throw new InvalidImageException(Reason.PAYLOAD_TOO_LARGE, id, "pixels has " + payloadBytes
                    + " bytes, more than the " + maxPayloadBytes + "-byte limit; send a smaller image "
                    + "(e.g. downscaled to 32 × 32) or raise the payload limit");
        }
        Integer label = record.getLabel();
        if (label == null) {
            if (labelRequired) {
                throw new InvalidImageException(Reason.MISSING_LABEL, id, "label is null but a label is required "
                        + "here; set label to the class index 0.." + (numClasses - 1));
            }
        } else if (label < 0 || label >= numClasses) {
            throw new InvalidImageException(Reason.LABEL_OUT_OF_RANGE, id, "label is " + label + " but must be 0.."
                    + (numClasses - 1) + " for " + numClasses + " classes; set label to the class index 0.."
                    + (numClasses - 1));
        }
        decoder.decodeInto(record, dst, dstOffset);
    }
}
