package io.flinkalexnet.launcher.quickstart;

import io.flinkalexnet.launcher.data.ImageSource;
import io.flinkalexnet.model.data.SyntheticImages;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.Split;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.Stream;

/**
 * The quickstart's images: the training images and the held-out images (never trained on), each as a fresh stream
 * of records carrying the given event time, with the class names in label order.
 *
 * @param description what the images are, for the console and the report
 * @param classNames the class names in label order
 * @param training the training images (untagged, so the job's validation fraction applies to them)
 * @param heldOut the held-out images, tagged {@link Split#TEST}
 */
public record QuickstartData(String description, List<String> classNames, LongFunction<Stream<ImageRecord>> training,
        LongFunction<Stream<ImageRecord>> heldOut) {

    /** Seed of the generated training images; the held-out ones use the next seed, so no image is in both. */
    static final long SYNTHETIC_SEED = 1;

    /** {@code trainingCount} and {@code heldOutCount} generated images of the learnable synthetic set. */
    public static QuickstartData synthetic(long trainingCount, long heldOutCount) {
        return new QuickstartData(String.format("generated images (%,d for training, %,d held out)", trainingCount,
                heldOutCount), SyntheticImages.CLASS_NAMES,
                eventTime -> new SyntheticImages(SYNTHETIC_SEED).records(0, trainingCount, eventTime),
                eventTime -> new SyntheticImages(SYNTHETIC_SEED + 1).records(0, heldOutCount, eventTime)
                        .peek(record -> record.setSplit(Split.TEST)));
    }

    /**
     * The training and held-out batches of a CIFAR-10 folder or archive, the first {@code trainingLimit} and
     * {@code heldOutLimit} images of each (0: all).
     */
    public static QuickstartData cifar(ImageSource source, long trainingLimit, long heldOutLimit) {
        ImageSource training = source.select(ImageSource.Part.TRAINING);
        ImageSource heldOut = source.select(ImageSource.Part.HELD_OUT).withSplit(Split.TEST);
        return new QuickstartData("CIFAR-10 in " + source.path() + ": training " + training.batches()
                + ", held out " + heldOut.batches(), source.classNames(),
                eventTime -> limit(training.withEventTimeMillis(eventTime).records(), trainingLimit),
                eventTime -> limit(heldOut.withEventTimeMillis(eventTime).records(), heldOutLimit));
    }

    private static Stream<ImageRecord> limit(Stream<ImageRecord> records, long limit) {
        return limit > 0 ? records.limit(limit) : records;
    }
}
