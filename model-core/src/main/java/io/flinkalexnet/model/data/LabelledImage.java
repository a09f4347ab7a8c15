package io.flinkalexnet.model.data;

import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.PixelEncoding;
import io.flinkalexnet.schemas.Split;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One labelled 32×32 RGB image in the CIFAR-10 byte layout: 1,024 red, then 1,024 green, then 1,024 blue bytes,
 * each plane row-major.
 *
 * @param label class index 0–9
 * @param planarPixels the 3,072 pixel bytes; the record holds the array as given, without copying
 */
public record LabelledImage(int label, byte[] planarPixels) {

    /** Height and width in pixels. */
    public static final int SIZE = 32;
    /** Colour channels. */
    public static final int CHANNELS = 3;
    /** Pixel bytes per image. */
    public static final int PIXEL_BYTES = CHANNELS * SIZE * SIZE;
    /** Number of CIFAR-10 classes; labels are {@code 0..NUM_CLASSES-1}. */
    public static final int NUM_CLASSES = 10;

    /** Validates the label and the pixel count. */
    public LabelledImage {
        Objects.requireNonNull(planarPixels, "planarPixels");
        if (label < 0 || label >= NUM_CLASSES) {
            throw new IllegalArgumentException("label is " + label + "; CIFAR-10 labels are 0–9");
        }
        if (planarPixels.length != PIXEL_BYTES) {
            throw new IllegalArgumentException("planarPixels has " + planarPixels.length + " bytes; a 32×32 RGB image "
                    + "in CIFAR-10 layout has exactly " + PIXEL_BYTES);
        }
    }

    /** Wraps this image (without copying the pixels) in an RGB_PLANAR 32×32×3 {@link ImageRecord}; {@code split} may be null. */
    public ImageRecord toImageRecord(String id, String source, long eventTimeMillis, Split split) {
        return ImageRecord.newBuilder()
                .setId(id)
                .setEventTime(Instant.ofEpochMilli(eventTimeMillis))
                .setLabel(label)
                .setWidth(SIZE)
                .setHeight(SIZE)
                .setChannels(CHANNELS)
                .setEncoding(PixelEncoding.RGB_PLANAR)
                .setPixels(ByteBuffer.wrap(planarPixels))
                .setSource(source)
                .setSplit(split)
                .build();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LabelledImage that && label == that.label && Arrays.equals(planarPixels, that.planarPixels);
    }

    @Override
    public int hashCode() {
        return 31 * label + Arrays.hashCode(planarPixels);
    }

    @Override
    public String toString() {
        return "LabelledImage{label=" + label + ", " + planarPixels.length + " bytes}";
    }
}
