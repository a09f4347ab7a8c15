package io.flinkalexnet.launcher.data;

import io.flinkalexnet.launcher.LauncherException;
import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.data.CifarDataException;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Images read from a path the user gives: a CIFAR-10 binary batch ({@code .bin}), a folder of batches (e.g.
 * {@code cifar-10-batches-bin}), the official archive ({@code cifar-10-binary.tar.gz}), or a folder of PNG/JPEG files
 * (labelled by the sub-folder they are in). Immutable.
 *
 * <p>For a CIFAR-10 folder or archive, {@link Part#HELD_OUT} is {@code test_batch.bin} when it is there, otherwise
 * {@code data_batch_5.bin}, and {@link Part#TRAINING} is the other training batches, so the held-out images are
 * never trained on.
 */
public final class ImageSource {

    /** Which images of a CIFAR-10 folder or archive to read; other sources have only {@link #ALL}. */
    public enum Part {
        /** Every batch. */
        ALL,
        /** The training batches without the held-out one. */
        TRAINING,
        /** {@code test_batch.bin}, or {@code data_batch_5.bin} when there is no test batch. */
        HELD_OUT
    }

    private enum Kind { CIFAR_FILE, CIFAR_FOLDER, CIFAR_ARCHIVE, IMAGE_FOLDER }

    private static final String HELD_OUT_WITHOUT_TEST_BATCH = "data_batch_5.bin";
    private static final String TRAINING_WITHOUT_TEST_BATCH = "data_batch_[1234].bin";

    private final Path path;
    private final Kind kind;
    private final String batchGlob;
    private final Split split;
    private final long eventTimeMillis;

    private ImageSource(Path path, Kind kind, String batchGlob, Split split, long eventTimeMillis) {
        this.path = path;
        this.kind = kind;
        this.batchGlob = batchGlob;
        this.split = split;
        this.eventTimeMillis = eventTimeMillis;
    }

    /** Opens {@code path}, telling the kind of source from what is there. */
    public static ImageSource open(Path path) {
        if (!Files.exists(path)) {
            throw new LauncherException(path + " does not exist: pass a CIFAR-10 batch (.bin), a cifar-10-batches-bin"
                    + " folder, cifar-10-binary.tar.gz, or a folder of PNG/JPEG images");
        }
        return new ImageSource(path, kindOf(path), CifarBinaryReader.ALL_BATCHES, null, 0L);
    }

    private static Kind kindOf(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(path)) {
            return hasCifarBatches(path) ? Kind.CIFAR_FOLDER : Kind.IMAGE_FOLDER;
        }
        if (name.endsWith(".bin")) {
            return Kind.CIFAR_FILE;
        }
        if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            return Kind.CIFAR_ARCHIVE;
        }
        throw new LauncherException(path + " is neither a CIFAR-10 batch (.bin), the cifar-10-binary.tar.gz archive,"
                + " nor a folder of batches or of PNG/JPEG images");
    }

    private static boolean hasCifarBatches(Path folder) {
        PathMatcher batches = FileSystems.getDefault().getPathMatcher("glob:" + CifarBinaryReader.ALL_BATCHES);
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.anyMatch(entry -> batches.matches(entry.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The same source restricted to {@code part}; only CIFAR-10 folders and archives have parts. */
    public ImageSource select(Part part) {
        if (part != Part.ALL && !hasParts()) {
            throw new LauncherException(path + " is not a CIFAR-10 folder or archive, so it has no training and"
                    + " held-out batches: pass the cifar-10-batches-bin folder or cifar-10-binary.tar.gz");
        }
        return new ImageSource(path, kind, batchGlob(part), split, eventTimeMillis);
    }

    /** The same source with every record tagged {@code split} (null: untagged). */
    public ImageSource withSplit(Split split) {
        return new ImageSource(path, kind, batchGlob, split, eventTimeMillis);
    }

    /** The same source with records carrying {@code eventTimeMillis}. */
    public ImageSource withEventTimeMillis(long eventTimeMillis) {
        return new ImageSource(path, kind, batchGlob, split, eventTimeMillis);
    }

    /** The path as given. */
    public Path path() {
        return path;
    }

    /** Whether this is a CIFAR-10 folder or archive, which has training and held-out batches to {@link #select}. */
    public boolean hasParts() {
        return kind == Kind.CIFAR_FOLDER || kind == Kind.CIFAR_ARCHIVE;
    }

    /** The class names in label order. */
    public List<String> classNames() {
        return kind == Kind.IMAGE_FOLDER ? ImageFolder.CLASS_NAMES : cifarReader().classNames();
    }

    /** How many images {@link #records()} yields, or -1 when that is only known after reading (archives). */
    public long count() {
        return switch (kind) {
            case CIFAR_FILE -> size(path) / CifarBinaryReader.RECORD_BYTES;
            case CIFAR_FOLDER -> cifarFolderBytes() / CifarBinaryReader.RECORD_BYTES;
            case CIFAR_ARCHIVE -> -1;
            case IMAGE_FOLDER -> ImageFolder.files(path).size();
        };
    }

    /**
     * Reads the first image, so a missing, truncated or unreadable first file is reported before anything else
     * happens (later files are checked as they are read).
     */
    public void checkReadable() {
        try (Stream<ImageRecord> first = records()) {
            if (first.findFirst().isEmpty()) {
                throw new LauncherException(description() + " holds no image");
            }
        }
    }

    /** The images, read lazily; close the stream. Problems surface as one-line exceptions naming the file. */
    public Stream<ImageRecord> records() {
        if (kind == Kind.IMAGE_FOLDER) {
            return ImageFolder.records(path, eventTimeMillis, split);
        }
        return cifarReader().withEventTimeMillis(eventTimeMillis).withSplit(split).records();
    }

    /** What is read, for messages: the path and, for a CIFAR-10 folder or archive, {@link #batches()}. */
    public String description() {
        return hasParts() ? path + " (" + batches() + ")" : path.toString();
    }

    /** Which batches of a CIFAR-10 folder or archive are read: a file-name glob, or "all batches". */
    public String batches() {
        return batchGlob.equals(CifarBinaryReader.ALL_BATCHES) ? "all batches" : batchGlob;
    }

    private CifarBinaryReader cifarReader() {
        return switch (kind) {
            case CIFAR_FILE -> CifarBinaryReader.file(path);
            case CIFAR_FOLDER -> CifarBinaryReader.directory(path, batchGlob);
            case CIFAR_ARCHIVE -> CifarBinaryReader.tarGz(path, batchGlob);
            case IMAGE_FOLDER -> throw new IllegalStateException("an image folder has no CIFAR-10 reader");
        };
    }

    private String batchGlob(Part part) {
        if (part == Part.ALL) {
            return CifarBinaryReader.ALL_BATCHES;
        }
        boolean hasTestBatch = hasTestBatch();
        if (part == Part.TRAINING) {
            return hasTestBatch ? CifarBinaryReader.TRAINING_BATCHES : TRAINING_WITHOUT_TEST_BATCH;
        }
        return hasTestBatch ? CifarBinaryReader.TEST_BATCH : HELD_OUT_WITHOUT_TEST_BATCH;
    }

    private boolean hasTestBatch() {
        if (kind == Kind.CIFAR_FOLDER) {
            return Files.isRegularFile(path.resolve(CifarBinaryReader.TEST_BATCH));
        }
        // An archive has to be scanned; the reader reports a missing entry only once it reached the end.
        try (Stream<ImageRecord> testBatch = CifarBinaryReader.tarGz(path, CifarBinaryReader.TEST_BATCH).records()) {
            return testBatch.findFirst().isPresent();
        } catch (CifarDataException e) {
            if (e.getMessage().contains("has no entry matching")) {
                return false;
            }
            throw e;
        }
    }

    private long cifarFolderBytes() {
        PathMatcher selected = FileSystems.getDefault().getPathMatcher("glob:" + batchGlob);
        try (Stream<Path> entries = Files.list(path)) {
            return entries.filter(entry -> selected.matches(entry.getFileName())).mapToLong(ImageSource::size).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
