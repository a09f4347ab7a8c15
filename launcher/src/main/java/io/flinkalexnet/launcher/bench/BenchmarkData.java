package io.flinkalexnet.launcher.bench;

import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.data.SyntheticImages;
import io.flinkalexnet.model.image.ImageDecoder;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.schemas.ImageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.stream.Stream;

/** Decoded images and labels for the harnesses: CIFAR-10 batches when given, else the synthetic set. */
public record BenchmarkData(float[] images, int[] labels) {

    /** The first {@code n} images of {@code source} (a CIFAR-10 folder, .bin or .tar.gz) or, when null, synthetic ones. */
    public static BenchmarkData load(Path source, String fileGlob, int n) {
        try (Stream<ImageRecord> records = records(source, fileGlob, n)) {
            float[] images = new float[n * ImageShape.FLOATS];
            int[] labels = new int[n];
            ImageDecoder decoder = new ImageDecoder();
            Iterator<ImageRecord> iterator = records.iterator();
            int i = 0;
            for (; i < n && iterator.hasNext(); i++) {
                ImageRecord record = iterator.next();
                decoder.decodeInto(record, images, i * ImageShape.FLOATS);
                labels[i] = record.getLabel();
            }
            if (i < n) {
                throw new IllegalArgumentException(source + " holds only " + i + " images, " + n + " needed");
            }
            return new BenchmarkData(images, labels);
        }
    }

    private static Stream<ImageRecord> records(Path source, String fileGlob, int n) {
        if (source == null) {
            return new SyntheticImages(7).records(0, n, 0);
        }
        if (Files.isDirectory(source)) {
            return CifarBinaryReader.directory(source, fileGlob).records();
        }
        return source.toString().endsWith(".gz")
                ? CifarBinaryReader.tarGz(source, fileGlob).records()
                : CifarBinaryReader.file(source).records();
    }

    public int size() {
        return labels.length;
    }

    /** Images {@code from .. from + n}, copied. */
    public BenchmarkData slice(int from, int n) {
        return new BenchmarkData(Arrays.copyOfRange(images, from * ImageShape.FLOATS, (from + n) * ImageShape.FLOATS),
                Arrays.copyOfRange(labels, from, from + n));
    }

    /** Copies images {@code from .. from + n} (wrapping around) into the batch arrays. */
    public void fill(int from, int n, float[] batchImages, int[] batchLabels) {
        for (int i = 0; i < n; i++) {
            int source = (from + i) % size();
            System.arraycopy(images, source * ImageShape.FLOATS, batchImages, i * ImageShape.FLOATS,
                    ImageShape.FLOATS);
            batchLabels[i] = labels[source];
        }
    }
}
