package io.flinkalexnet.jobs.infer;

import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.model.data.SyntheticImages;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.model.image.RecordValidator;
import io.flinkalexnet.schemas.ImageRecord;
import java.util.ArrayList;
import java.util.List;

/** Decoded, labelled synthetic images, numbered from 0, as the classifier and the trainer receive them. */
public final class TestImages {

    /** The event time of every image. */
    public static final long EVENT_TIME = 1000;
    /** When the job read every image. */
    public static final long RECEIVED_AT = 2000;

    private TestImages() {}

    /** Images {@code first} to {@code first + count - 1}. */
    public static List<DecodedImage> images(int first, int count) {
        RecordValidator validator = new RecordValidator(10, false);
        List<DecodedImage> images = new ArrayList<>();
        new SyntheticImages(3).records(first, count, EVENT_TIME).forEach((ImageRecord record) -> {
            DecodedImage image = new DecodedImage();
            image.id = record.getId().toString();
            image.eventTime = record.getEventTime().toEpochMilli();
            image.receivedAt = RECEIVED_AT;
            image.pixels = validator.validate(record);
            image.label = record.getLabel();
            images.add(image);
        });
        return images;
    }

    public static DecodedImage image(int index) {
        return images(index, 1).get(0);
    }

    /** The ids of {@link #images} {@code first} to {@code first + count - 1}. */
    public static List<String> ids(int first, int count) {
        return images(first, count).stream().map(image -> image.id).toList();
    }

    /** The pixels of {@code images} one after another, as a batch holds them. */
    public static float[] pixels(List<DecodedImage> images) {
        float[] pixels = new float[images.size() * ImageShape.FLOATS];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i).pixels, 0, pixels, i * ImageShape.FLOATS, ImageShape.FLOATS);
        }
        return pixels;
    }

    /** The labels of {@code images}, in order. */
    public static int[] labels(List<DecodedImage> images) {
        return images.stream().mapToInt(image -> image.label).toArray();
    }
}
