package io.flinkalexnet.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.PixelEncoding;
import io.flinkalexnet.schemas.Split;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarBinaryReaderTest {

    @TempDir
    Path folder;

    private static LabelledImage image(int label, int fill) {
        byte[] pixels = new byte[LabelledImage.PIXEL_BYTES];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (fill + i);
        }
        return new LabelledImage(label, pixels);
    }

    private static List<ImageRecord> readAll(CifarBinaryReader reader) {
        try (Stream<ImageRecord> records = reader.records()) {
            return records.toList();
        }
    }

    private static byte[] pixels(ImageRecord record) {
        ByteBuffer buffer = record.getPixels().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static byte[] batchBytes(LabelledImage... images) throws IOException {
        Path file = Files.createTempFile("batch", ".bin");
        try {
            CifarBinaryWriter.write(file, List.of(images));
            return Files.readAllBytes(file);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void readsEveryRecordOfABatchFileAsA32By32PlanarImage() {
        Path batch = folder.resolve("data_batch_1.bin");
        List<LabelledImage> images = List.of(image(3, 0), image(0, 7), image(9, 42));
        CifarBinaryWriter.write(batch, images);

        List<ImageRecord> records = readAll(CifarBinaryReader.file(batch));

        assertThat(records).hasSize(3);
        ImageRecord last = records.get(2);
        assertThat(last.getId()).isEqualTo("cifar10/data_batch_1/000002");
        assertThat(last.getSource()).isEqualTo("cifar-10:data_batch_1.bin");
        assertThat(last.getLabel()).isEqualTo(9);
        assertThat(last.getEncoding()).isEqualTo(PixelEncoding.RGB_PLANAR);
        assertThat(List.of(last.getWidth(), last.getHeight(), last.getChannels())).containsExactly(32, 32, 3);
        assertThat(last.getEventTime()).isEqualTo(Instant.EPOCH);
        assertThat(last.getSplit()).isNull();
        for (int i = 0; i < images.size(); i++) {
            assertThat(records.get(i).getLabel()).isEqualTo(images.get(i).label());
            assertThat(pixels(records.get(i))).isEqualTo(images.get(i).planarPixels());
        }
    }

    @Test
    void recordsCarryTheGivenEventTimeAndSplit() {
        Path batch = folder.resolve("data_batch_5.bin");
        CifarBinaryWriter.write(batch, List.of(image(1, 0)));

        ImageRecord record = readAll(CifarBinaryReader.file(batch)
                .withEventTimeMillis(1_700_000_000_000L)
                .withSplit(Split.VALIDATION)).get(0);

        assertThat(record.getEventTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(record.getSplit()).isEqualTo(Split.VALIDATION);
    }

    @Test
    void readsTheFilesOfAFolderThatMatchTheGlobInNameOrder() {
        CifarBinaryWriter.write(folder.resolve("data_batch_2.bin"), List.of(image(2, 0)));
        CifarBinaryWriter.write(folder.resolve("data_batch_1.bin"), List.of(image(1, 0), image(1, 1)));
        CifarBinaryWriter.write(folder.resolve("test_batch.bin"), List.of(image(7, 0)));

        List<String> training = readAll(CifarBinaryReader.directory(folder, CifarBinaryReader.TRAINING_BATCHES))
                .stream().map(ImageRecord::getId).toList();
        List<String> all = readAll(CifarBinaryReader.directory(folder, CifarBinaryReader.ALL_BATCHES))
                .stream().map(ImageRecord::getId).toList();

        assertThat(training).containsExactly(
                "cifar10/data_batch_1/000000", "cifar10/data_batch_1/000001", "cifar10/data_batch_2/000000");
        assertThat(all).containsExactly("cifar10/data_batch_1/000000", "cifar10/data_batch_1/000001",
                "cifar10/data_batch_2/000000", "cifar10/test_batch/000000");
    }

    @Test
    void readsTheMatchingEntriesOfATarGzWithoutUnpackingIt() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("cifar-10-batches-bin/", new byte[0]);
        entries.put("cifar-10-batches-bin/data_batch_1.bin", batchBytes(image(4, 0), image(5, 1)));
        entries.put("cifar-10-batches-bin/batches.meta.txt", "a\nb\n".getBytes(StandardCharsets.UTF_8));
        entries.put("cifar-10-batches-bin/test_batch.bin", batchBytes(image(6, 2)));
        entries.put("cifar-10-batches-bin/data_batch_2.bin", batchBytes(image(8, 3)));
        Path archive = folder.resolve("cifar-10-binary.tar.gz");
        TestTarGz.write(archive, entries);

        List<ImageRecord> records = readAll(CifarBinaryReader.tarGz(archive, CifarBinaryReader.TRAINING_BATCHES));

        assertThat(records).extracting(ImageRecord::getId).containsExactly(
                "cifar10/data_batch_1/000000", "cifar10/data_batch_1/000001", "cifar10/data_batch_2/000000");
        assertThat(records).extracting(ImageRecord::getLabel).containsExactly(4, 5, 8);
        assertThat(pixels(records.get(2))).isEqualTo(image(8, 3).planarPixels());
    }

    @Test
    void classNamesOfATarGzComeFromItsMetaEntry() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("cifar-10-batches-bin/data_batch_1.bin", batchBytes(image(0, 0)));
        entries.put("cifar-10-batches-bin/batches.meta.txt", "plane\ncar\n\n".getBytes(StandardCharsets.UTF_8));
        Path archive = folder.resolve("cifar-10-binary.tar.gz");
        TestTarGz.write(archive, entries);

        assertThat(CifarBinaryReader.tarGz(archive, CifarBinaryReader.ALL_BATCHES).classNames())
                .containsExactly("plane", "car");
    }

    @Test
    void classNamesComeFromBatchesMetaTxtBesideTheBatches() throws IOException {
        CifarBinaryWriter.write(folder.resolve("data_batch_1.bin"), List.of(image(0, 0)));
        Files.writeString(folder.resolve("batches.meta.txt"), "airplane\nautomobile\n bird \n\n\n");

        assertThat(CifarBinaryReader.file(folder.resolve("data_batch_1.bin")).classNames())
                .containsExactly("airplane", "automobile", "bird");
    }

    @Test
    void classNamesAreTheStandardTenWithoutBatchesMetaTxt() {
        CifarBinaryWriter.write(folder.resolve("data_batch_1.bin"), List.of(image(0, 0)));

        assertThat(CifarBinaryReader.directory(folder, CifarBinaryReader.ALL_BATCHES).classNames()).containsExactly(
                "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
    }

    @Test
    void truncatedFileIsReportedWithItsLength() throws IOException {
        Path batch = folder.resolve("data_batch_1.bin");
        CifarBinaryWriter.write(batch, List.of(image(0, 0), image(1, 1)));
        byte[] bytes = Files.readAllBytes(batch);
        Files.write(batch, Arrays.copyOf(bytes, bytes.length - 1));

        assertThatThrownBy(() -> readAll(CifarBinaryReader.file(batch)))
                .isInstanceOf(CifarDataException.class)
                .hasMessage("data_batch_1.bin is 6145 bytes, not a multiple of 3073: "
                        + "the file is truncated or not a CIFAR-10 binary batch");
    }

    @Test
    void labelAboveNineIsReportedWithTheRecordIndex() throws IOException {
        Path batch = folder.resolve("data_batch_3.bin");
        CifarBinaryWriter.write(batch, List.of(image(0, 0), image(1, 1)));
        byte[] bytes = Files.readAllBytes(batch);
        bytes[CifarBinaryReader.RECORD_BYTES] = (byte) 200;
        Files.write(batch, bytes);

        assertThatThrownBy(() -> readAll(CifarBinaryReader.file(batch)))
                .isInstanceOf(CifarDataException.class)
                .hasMessage("data_batch_3.bin record 1 has label 200, not 0–9: the file is not a CIFAR-10 binary batch "
                        + "(CIFAR-100 batches have two label bytes)");
    }

    @Test
    void missingFolderIsReported() {
        Path missing = folder.resolve("nowhere");

        assertThatThrownBy(() -> CifarBinaryReader.directory(missing, CifarBinaryReader.ALL_BATCHES))
                .isInstanceOf(CifarDataException.class)
                .hasMessage("CIFAR-10 folder " + missing + " does not exist or is not a folder: "
                        + "pass the unpacked cifar-10-batches-bin folder of cifar-10-binary.tar.gz");
    }

    @Test
    void missingFileIsReported() {
        Path missing = folder.resolve("data_batch_9.bin");

        assertThatThrownBy(() -> CifarBinaryReader.file(missing))
                .isInstanceOf(CifarDataException.class)
                .hasMessage(missing + " does not exist or is not a file: "
                        + "pass a CIFAR-10 binary batch such as cifar-10-batches-bin/data_batch_1.bin");
    }

    @Test
    void folderWithoutMatchingFilesIsReported() {
        CifarBinaryWriter.write(folder.resolve("test_batch.bin"), List.of(image(0, 0)));

        assertThatThrownBy(() -> CifarBinaryReader.directory(folder, CifarBinaryReader.TRAINING_BATCHES))
                .isInstanceOf(CifarDataException.class)
                .hasMessage(folder + " has no file matching 'data_batch_*.bin': expected the CIFAR-10 binary batches "
                        + "data_batch_1.bin … data_batch_5.bin and test_batch.bin");
    }

    @Test
    void tarGzWithoutBatchesIsReported() throws IOException {
        Path archive = folder.resolve("photos.tar.gz");
        TestTarGz.write(archive, Map.of("photos/cat.jpg", new byte[100]));

        assertThatThrownBy(() -> readAll(CifarBinaryReader.tarGz(archive, CifarBinaryReader.TRAINING_BATCHES)))
                .isInstanceOf(CifarDataException.class)
                .hasMessage(archive + " has no entry matching 'data_batch_*.bin': it is not the CIFAR-10 binary archive, "
                        + "which holds cifar-10-batches-bin/data_batch_1.bin … data_batch_5.bin and test_batch.bin");
    }

    @Test
    void fileThatIsNotGzipIsReported() throws IOException {
        Path archive = folder.resolve("cifar-10-binary.tar.gz");
        Files.write(archive, TestTarGz.tar(Map.of("data_batch_1.bin", batchBytes(image(0, 0)))));

        assertThatThrownBy(() -> readAll(CifarBinaryReader.tarGz(archive, CifarBinaryReader.TRAINING_BATCHES)))
                .isInstanceOf(CifarDataException.class)
                .hasMessage(archive + " is not gzip-compressed: pass the official cifar-10-binary.tar.gz");
    }

    @Test
    void gzipThatIsNotATarIsReported() throws IOException {
        Path archive = folder.resolve("cifar-10-binary.tar.gz");
        Files.write(archive, gzip(("x".repeat(600)).getBytes(StandardCharsets.US_ASCII)));

        assertThatThrownBy(() -> readAll(CifarBinaryReader.tarGz(archive, CifarBinaryReader.TRAINING_BATCHES)))
                .isInstanceOf(CifarDataException.class)
                .hasMessage(archive + " is not a tar archive (bad header checksum at byte 0): "
                        + "pass the official cifar-10-binary.tar.gz");
    }

    @Test
    void truncatedTarGzIsReported() throws IOException {
        Path archive = folder.resolve("cifar-10-binary.tar.gz");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("cifar-10-batches-bin/data_batch_1.bin", batchBytes(image(0, 0), image(1, 1), image(2, 2)));
        TestTarGz.write(archive, entries);
        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> readAll(CifarBinaryReader.tarGz(archive, CifarBinaryReader.TRAINING_BATCHES)))
                .isInstanceOf(CifarDataException.class)
                .hasMessage(archive + " ends early inside data_batch_1.bin: the download is incomplete");
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
            out.write(bytes);
        }
        return buffer.toByteArray();
    }

    @Test
    void readsTheRealCifar10TrainingBatchWhenPresent() {
        Path shared = findSharedCifar10();
        Assumptions.assumeTrue(shared != null, "no shared/data/cifar-10-batches-bin above the working directory "
                + "and no -Dcifar10.dir");

        int[] perClass = new int[10];
        List<String> firstIds;
        try (Stream<ImageRecord> records = CifarBinaryReader.file(shared.resolve("data_batch_1.bin")).records()) {
            List<ImageRecord> all = records.toList();
            all.forEach(record -> perClass[record.getLabel()]++);
            firstIds = all.stream().limit(2).map(ImageRecord::getId).toList();
            assertThat(all).hasSize(10_000);
        }

        assertThat(firstIds).containsExactly("cifar10/data_batch_1/000000", "cifar10/data_batch_1/000001");
        assertThat(Arrays.stream(perClass).sum()).isEqualTo(10_000);
        assertThat(Arrays.stream(perClass).boxed().toList()).allSatisfy(count -> assertThat(count).isBetween(900, 1100));
        assertThat(CifarBinaryReader.file(shared.resolve("data_batch_1.bin")).classNames())
                .isEqualTo(CifarBinaryReader.STANDARD_CLASS_NAMES);
    }

    /** The shared CIFAR-10 folder: -Dcifar10.dir, or shared/data/cifar-10-batches-bin in a parent of the working directory. */
    private static Path findSharedCifar10() {
        String configured = System.getProperty("cifar10.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data/cifar-10-batches-bin");
            if (Files.isRegularFile(candidate.resolve("data_batch_1.bin"))) {
                return candidate;
            }
        }
        return null;
    }
}
