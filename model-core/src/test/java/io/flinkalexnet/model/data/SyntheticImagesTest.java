package io.flinkalexnet.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.PixelEncoding;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticImagesTest {

    @Test
    void sameSeedGeneratesIdenticalImages() {
        assertThat(new SyntheticImages(5L).images(0, 50)).isEqualTo(new SyntheticImages(5L).images(0, 50));
    }

    @Test
    void differentSeedsGenerateDifferentImages() {
        List<LabelledImage> first = new SyntheticImages(5L).images(0, 20);
        List<LabelledImage> second = new SyntheticImages(6L).images(0, 20);

        for (int i = 0; i < first.size(); i++) {
            assertThat(first.get(i).planarPixels()).isNotEqualTo(second.get(i).planarPixels());
        }
    }

    @Test
    void imagesCanBeGeneratedInAnyOrder() {
        SyntheticImages images = new SyntheticImages(8L);

        assertThat(images.image(17)).isEqualTo(images.images(10, 10).get(7));
    }

    @Test
    void everyClassOccursInRoughlyEqualShare() {
        int[] perClass = new int[10];
        new SyntheticImages(9L).images(0, 2000).forEach(image -> perClass[image.label()]++);

        assertThat(Arrays.stream(perClass).boxed().toList()).allSatisfy(count -> assertThat(count).isBetween(150, 250));
    }

    @Test
    void classesAreSeparableByANearestClassMeanClassifierOnHeldOutImages() {
        SyntheticImages images = new SyntheticImages(3L);
        double[][] means = new double[10][LabelledImage.PIXEL_BYTES];
        int[] counts = new int[10];
        for (LabelledImage image : images.images(0, 1000)) {
            counts[image.label()]++;
            for (int p = 0; p < LabelledImage.PIXEL_BYTES; p++) {
                means[image.label()][p] += image.planarPixels()[p] & 0xFF;
            }
        }
        for (int k = 0; k < 10; k++) {
            for (int p = 0; p < LabelledImage.PIXEL_BYTES; p++) {
                means[k][p] /= counts[k];
            }
        }

        int correct = 0;
        List<LabelledImage> heldOut = images.images(1000, 500);
        for (LabelledImage image : heldOut) {
            correct += nearest(means, image.planarPixels()) == image.label() ? 1 : 0;
        }

        assertThat(correct / (double) heldOut.size()).isGreaterThan(0.5);
    }

    private static int nearest(double[][] means, byte[] pixels) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int k = 0; k < means.length; k++) {
            double distance = 0;
            for (int p = 0; p < pixels.length; p++) {
                double difference = (pixels[p] & 0xFF) - means[k][p];
                distance += difference * difference;
            }
            if (distance < bestDistance) {
                bestDistance = distance;
                best = k;
            }
        }
        return best;
    }

    @Test
    void recordsCarrySyntheticIdsLabelsAndPlanarPixels() {
        SyntheticImages images = new SyntheticImages(42L);

        ImageRecord record = images.record(7, 1234L);

        assertThat(record.getId()).isEqualTo("synthetic/42/7");
        assertThat(record.getLabel()).isEqualTo(images.image(7).label());
        assertThat(record.getEncoding()).isEqualTo(PixelEncoding.RGB_PLANAR);
        assertThat(record.getPixels().remaining()).isEqualTo(3072);
        assertThat(record.getEventTime().toEpochMilli()).isEqualTo(1234L);
        assertThat(images.records(5, 3, 0L).map(ImageRecord::getId))
                .containsExactly("synthetic/42/5", "synthetic/42/6", "synthetic/42/7");
    }

    @Test
    void writtenCifarBatchReadsBackAsTheSameImages(@TempDir Path folder) {
        SyntheticImages images = new SyntheticImages(11L);
        Path batch = folder.resolve("data_batch_1.bin");

        images.writeCifarBatch(batch, 100, 25);

        try (Stream<ImageRecord> records = CifarBinaryReader.file(batch).records()) {
            List<ImageRecord> read = records.toList();
            assertThat(read).hasSize(25);
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i).getPixels()).isEqualTo(images.record(100 + i, 0L).getPixels());
                assertThat(read.get(i).getLabel()).isEqualTo(images.image(100 + i).label());
            }
        }
    }

    @Test
    void classNamesNameTenDistinctClasses() {
        assertThat(SyntheticImages.CLASS_NAMES).hasSize(10).doesNotHaveDuplicates();
    }
}
