package io.flinkalexnet.launcher.bench;

import io.flinkalexnet.launcher.LauncherException;
import io.flinkalexnet.launcher.data.ImageSource;
import io.flinkalexnet.model.data.SyntheticImages;
import io.flinkalexnet.model.image.ImageDecoder;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.schemas.ImageRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The images a benchmark runs on, once as records for the job's topic and once decoded for the bare loop, so both
 * see exactly the same pixels.
 *
 * @param records the records as producers write them
 * @param decoded the same images decoded, with their labels
 */
record BenchmarkImages(List<ImageRecord> records, BenchmarkData decoded) {

    /** Seed of the generated images when no data is given. */
    private static final long SYNTHETIC_SEED = 7;

    /** The first {@code count} images of {@code data}, or generated ones when it is null. */
    static BenchmarkImages load(Path data, int count) {
        List<ImageRecord> records;
        try (Stream<ImageRecord> stream = data == null ? new SyntheticImages(SYNTHETIC_SEED).records(0, count, 0)
                : ImageSource.open(data).records()) {
            records = stream.limit(count).toList();
        }
        if (records.size() < count) {
            throw new LauncherException(data + " holds only " + records.size() + " images; pass --images "
                    + records.size() + " or fewer");
        }
        ImageDecoder decoder = new ImageDecoder();
        float[] images = new float[count * ImageShape.FLOATS];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            ImageRecord record = records.get(i);
            decoder.decodeInto(record, images, i * ImageShape.FLOATS);
            if (record.getLabel() == null) {
                throw new LauncherException("image '" + record.getId() + "' has no label: the benchmarks need"
                        + " labelled images (a CIFAR-10 batch, or PNG/JPEG files in sub-folders named after their"
                        + " class)");
            }
            labels[i] = record.getLabel();
        }
        return new BenchmarkImages(records, new BenchmarkData(images, labels));
    }
}
