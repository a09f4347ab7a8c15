package io.flinkalexnet.launcher.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.flinkalexnet.launcher.LauncherException;
import io.flinkalexnet.launcher.TestData;
import io.flinkalexnet.model.data.SyntheticImages;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.PixelEncoding;
import io.flinkalexnet.schemas.Split;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where images come from, and which of them are held out. */
class ImageSourceTest {

    @TempDir
    Path folder;

    @Test
    void heldOutIsTheTestBatchAndTrainingIsEveryDataBatchWhenThereIsATestBatch() {
        writeBatches("data_batch_1.bin", "data_batch_5.bin", "test_batch.bin");
        ImageSource source = ImageSource.open(folder);

        assertThat(batchesOf(source.select(ImageSource.Part.HELD_OUT))).containsOnly("test_batch");
        assertThat(batchesOf(source.select(ImageSource.Part.TRAINING))).containsOnly("data_batch_1", "data_batch_5");
    }

    @Test
    void heldOutIsDataBatch5AndNeverTrainedOnWithoutATestBatch() {
        writeBatches("data_batch_1.bin", "data_batch_2.bin", "data_batch_5.bin");
        ImageSource source = ImageSource.open(folder);

        assertThat(batchesOf(source.select(ImageSource.Part.HELD_OUT))).containsOnly("data_batch_5");
        assertThat(batchesOf(source.select(ImageSource.Part.TRAINING))).containsOnly("data_batch_1", "data_batch_2");
    }

    @Test
    void countIsTheNumberOfRecordsOfTheSelectedBatches() {
        writeBatches("data_batch_1.bin", "data_batch_5.bin");

        assertThat(ImageSource.open(folder).select(ImageSource.Part.TRAINING).count()).isEqualTo(3);
        assertThat(ImageSource.open(folder).count()).isEqualTo(6);
    }

    @Test
    void recordsCarryTheSplitAndEventTimeGiven() {
        writeBatches("data_batch_1.bin");

        List<ImageRecord> records = read(ImageSource.open(folder.resolve("data_batch_1.bin")).withSplit(Split.TEST)
                .withEventTimeMillis(1234));

        assertThat(records).allSatisfy(record -> {
            assertThat(record.getSplit()).isEqualTo(Split.TEST);
            assertThat(record.getEventTime().toEpochMilli()).isEqualTo(1234);
        });
    }

    @Test
    void imageFolderLabelsImagesByTheirClassSubFolder() throws IOException {
        writePng(folder.resolve("cat/a.png"));
        writePng(folder.resolve("9/b.png"));
        writePng(folder.resolve("unlabelled.png"));

        List<ImageRecord> records = read(ImageSource.open(folder));

        String root = folder.getFileName().toString();
        assertThat(records).extracting(ImageRecord::getId, ImageRecord::getLabel, ImageRecord::getEncoding)
                .containsExactly(
                        tuple(root + "/9/b.png", 9, PixelEncoding.PNG),
                        tuple(root + "/cat/a.png", 3, PixelEncoding.PNG),
                        tuple(root + "/unlabelled.png", null, PixelEncoding.PNG));
    }

    @Test
    void subFolderThatIsNotAClassIsRefusedWithTheClassNames() throws IOException {
        writePng(folder.resolve("kitten/a.png"));

        assertThatThrownBy(() -> read(ImageSource.open(folder)))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("sub-folder 'kitten'")
                .hasMessageContaining("airplane, automobile, bird");
    }

    @Test
    void singleBatchHasNoHeldOutPart() {
        writeBatches("data_batch_1.bin");

        assertThatThrownBy(() -> ImageSource.open(folder.resolve("data_batch_1.bin")).select(ImageSource.Part.HELD_OUT))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("has no training and held-out batches");
    }

    private void writeBatches(String... names) {
        long seed = 1;
        for (String name : names) {
            TestData.cifarBatch(folder.resolve(name), seed++, 3);
        }
    }

    private static List<String> batchesOf(ImageSource source) {
        return read(source).stream().map(record -> record.getId().split("/")[1]).distinct().toList();
    }

    private static List<ImageRecord> read(ImageSource source) {
        try (Stream<ImageRecord> records = source.records()) {
            return records.toList();
        }
    }

    private static void writePng(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] pixels = new SyntheticImages(1).image(0).planarPixels();
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int i = y * 32 + x;
                image.setRGB(x, y, (pixels[i] & 0xFF) << 16 | (pixels[1024 + i] & 0xFF) << 8 | pixels[2048 + i] & 0xFF);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }
}
