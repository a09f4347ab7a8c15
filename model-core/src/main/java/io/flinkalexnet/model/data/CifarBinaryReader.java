package io.flinkalexnet.model.data;

import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.Split;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streams {@link ImageRecord}s from the CIFAR-10 binary layout (each record 1 label byte 0–9 and 3,072 pixel
 * bytes) out of one batch file, a folder of batch files, or the official {@code cifar-10-binary.tar.gz}.
 *
 * <p>Records are RGB_PLANAR 32×32×3 with ids {@code cifar10/<batch>/<index, 6 digits>} (e.g.
 * {@code cifar10/data_batch_1/000042}) and source {@code cifar-10:<file name>}. Files are read lazily, one record
 * at a time; problems are reported as {@link CifarDataException}s naming the file. The reader itself is
 * immutable; each {@link #records()} stream is thread-confined and must be closed.
 */
public final class CifarBinaryReader {

    /** Bytes of one record: the label byte and the pixels. */
    public static final int RECORD_BYTES = 1 + LabelledImage.PIXEL_BYTES;
    /** The five training batches {@code data_batch_1.bin} … {@code data_batch_5.bin}. */
    public static final String TRAINING_BATCHES = "data_batch_*.bin";
    /** The test batch {@code test_batch.bin}. */
    public static final String TEST_BATCH = "test_batch.bin";
    /** All six batches. */
    public static final String ALL_BATCHES = "{data_batch_*,test_batch}.bin";
    /** The file holding the class names, one per line in label order. */
    public static final String CLASS_NAMES_FILE = "batches.meta.txt";
    /** The CIFAR-10 class names in label order, used when no {@value #CLASS_NAMES_FILE} is found. */
    public static final List<String> STANDARD_CLASS_NAMES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private static final String BATCH_NAMES = "data_batch_1.bin … data_batch_5.bin and test_batch.bin";

    private final List<Path> files;
    private final Path archive;
    private final String glob;
    private final PathMatcher archiveMatcher;
    private final Path classNamesFile;
    private final long eventTimeMillis;
    private final Split split;

    private CifarBinaryReader(List<Path> files, Path archive, String glob, Path classNamesFile,
            long eventTimeMillis, Split split) {
        this.files = files;
        this.archive = archive;
        this.glob = glob;
        this.archiveMatcher = archive == null ? null : matcher(glob);
        this.classNamesFile = classNamesFile;
        this.eventTimeMillis = eventTimeMillis;
        this.split = split;
    }

    /** Reads one batch file; class names come from {@value #CLASS_NAMES_FILE} beside it when present. */
    public static CifarBinaryReader file(Path batchFile) {
        if (!Files.isRegularFile(batchFile)) {
            throw new CifarDataException(batchFile + " does not exist or is not a file: pass a CIFAR-10 binary batch "
                    + "such as cifar-10-batches-bin/data_batch_1.bin");
        }
        Path folder = batchFile.toAbsolutePath().getParent();
        return new CifarBinaryReader(List.of(batchFile), null, null, folder.resolve(CLASS_NAMES_FILE), 0L, null);
    }

    /**
     * Reads the batch files of {@code folder} whose names match {@code fileGlob} (e.g. {@link #TRAINING_BATCHES}),
     * in name order.
     */
    public static CifarBinaryReader directory(Path folder, String fileGlob) {
        if (!Files.isDirectory(folder)) {
            throw new CifarDataException("CIFAR-10 folder " + folder + " does not exist or is not a folder: pass the "
                    + "unpacked cifar-10-batches-bin folder of cifar-10-binary.tar.gz");
        }
        PathMatcher matcher = matcher(fileGlob);
        List<Path> selected;
        try (Stream<Path> listing = Files.list(folder)) {
            selected = listing.filter(Files::isRegularFile)
                    .filter(path -> matcher.matches(path.getFileName()))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list CIFAR-10 folder " + folder, e);
        }
        if (selected.isEmpty()) {
            throw new CifarDataException(folder + " has no file matching '" + fileGlob + "': expected the CIFAR-10 "
                    + "binary batches " + BATCH_NAMES);
        }
        return new CifarBinaryReader(List.copyOf(selected), null, fileGlob, folder.resolve(CLASS_NAMES_FILE), 0L, null);
    }

    /**
     * Streams the entries of a {@code .tar.gz} (the official {@code cifar-10-binary.tar.gz}) whose file names
     * match {@code fileGlob}, in archive order, without unpacking it.
     */
    public static CifarBinaryReader tarGz(Path archive, String fileGlob) {
        if (!Files.isRegularFile(archive)) {
            throw new CifarDataException(archive + " does not exist or is not a file: pass the CIFAR-10 archive "
                    + "cifar-10-binary.tar.gz");
        }
        return new CifarBinaryReader(List.of(), archive, fileGlob, null, 0L, null);
    }

    /** A copy of this reader whose records carry {@code eventTimeMillis} (default 0, the Unix epoch). */
    public CifarBinaryReader withEventTimeMillis(long eventTimeMillis) {
        return new CifarBinaryReader(files, archive, glob, classNamesFile, eventTimeMillis, split);
    }

    /** A copy of this reader whose records carry {@code split} (default null, which means TRAIN). */
    public CifarBinaryReader withSplit(Split split) {
        return new CifarBinaryReader(files, archive, glob, classNamesFile, eventTimeMillis, split);
    }

    /**
     * The class names in label order from {@value #CLASS_NAMES_FILE} (non-blank lines, trimmed), or
     * {@link #STANDARD_CLASS_NAMES} when there is none; for an archive this scans it.
     */
    public List<String> classNames() {
        try {
            if (archive == null) {
                return Files.isRegularFile(classNamesFile)
                        ? parseClassNames(Files.readAllBytes(classNamesFile))
                        : STANDARD_CLASS_NAMES;
            }
            try (InputStream in = openArchive()) {
                TarReader tar = new TarReader(in, archive.toString());
                for (TarReader.Entry entry = tar.nextEntry(); entry != null; entry = tar.nextEntry()) {
                    if (entry.regularFile() && entry.fileName().equals(CLASS_NAMES_FILE)) {
                        return parseClassNames(tar.entryStream().readAllBytes());
                    }
                }
                return STANDARD_CLASS_NAMES;
            }
        } catch (EOFException e) {
            throw new CifarDataException(archive + " ends early: the download is incomplete", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CIFAR-10 class names from "
                    + (archive == null ? classNamesFile : archive) + ": " + e.getMessage(), e);
        }
    }

    /** The records of all selected batches, lazily; close the stream to release the open file. */
    public Stream<ImageRecord> records() {
        RecordIterator iterator = new RecordIterator(archive == null ? new FileCursor() : new ArchiveCursor());
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(iterator::close);
    }

    private static List<String> parseClassNames(byte[] bytes) {
        List<String> names = new String(bytes, StandardCharsets.UTF_8).lines()
                .map(String::trim)
                .filter(line -> !line.isEmpty())
                .toList();
        return names.isEmpty() ? STANDARD_CLASS_NAMES : names;
    }

    private static PathMatcher matcher(String fileGlob) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + fileGlob);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + fileGlob + "' is not a file-name glob; use e.g. '"
                    + TRAINING_BATCHES + "' or '" + ALL_BATCHES + "'", e);
        }
    }

    private InputStream openArchive() throws IOException {
        InputStream raw = Files.newInputStream(archive);
        try {
            return new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16);
        } catch (ZipException | EOFException e) {
            raw.close();
            throw new CifarDataException(archive + " is not gzip-compressed: pass the official cifar-10-binary.tar.gz", e);
        }
    }

    /** One opened batch: its display name for messages, the file name for ids, and its bytes. */
    private record Batch(String displayName, String fileName, InputStream in, long length) {}

    /** Opens the selected batches one after another. */
    private interface BatchCursor extends Closeable {

        /** Closes the previous batch and opens the next, or returns null after the last. */
        Batch next() throws IOException;
    }

    private final class FileCursor implements BatchCursor {

        private int nextFile;
        private InputStream open;

        @Override
        public Batch next() throws IOException {
            close();
            if (nextFile == files.size()) {
                return null;
            }
            Path file = files.get(nextFile++);
            open = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            return new Batch(file.getFileName().toString(), file.getFileName().toString(), open, Files.size(file));
        }

        @Override
        public void close() throws IOException {
            if (open != null) {
                open.close();
                open = null;
            }
        }
    }

    private final class ArchiveCursor implements BatchCursor {

        private InputStream in;
        private TarReader tar;
        private int matched;

        @Override
        public Batch next() throws IOException {
            if (tar == null) {
                in = openArchive();
                tar = new TarReader(in, archive.toString());
            }
            for (TarReader.Entry entry = tar.nextEntry(); entry != null; entry = tar.nextEntry()) {
                if (entry.regularFile() && archiveMatcher.matches(Path.of(entry.fileName()))) {
                    matched++;
                    return new Batch(archive.getFileName() + " entry " + entry.name(), entry.fileName(),
                            tar.entryStream(), entry.size());
                }
            }
            close();
            if (matched == 0) {
                throw new CifarDataException(archive + " has no entry matching '" + glob + "': it is not the CIFAR-10 "
                        + "binary archive, which holds cifar-10-batches-bin/" + BATCH_NAMES);
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }

    /** Reads records batch after batch, checking each batch's length and each label. */
    private final class RecordIterator implements Iterator<ImageRecord>, Closeable {

        private final BatchCursor cursor;
        private Batch batch;
        private String idPrefix;
        private String source;
        private long recordsLeft;
        private int index;
        private boolean finished;

        RecordIterator(BatchCursor cursor) {
            this.cursor = cursor;
        }

        @Override
        public boolean hasNext() {
            try {
                while (!finished && recordsLeft == 0) {
                    batch = null;
                    batch = cursor.next();
                    if (batch == null) {
                        finished = true;
                    } else {
                        startBatch();
                    }
                }
                return !finished;
            } catch (EOFException e) {
                throw new CifarDataException(describeTruncation(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + currentSource() + ": " + e.getMessage(), e);
            }
        }

        private void startBatch() {
            if (batch.length() % RECORD_BYTES != 0) {
                throw new CifarDataException(batch.displayName() + " is " + batch.length() + " bytes, not a multiple of "
                        + RECORD_BYTES + ": the file is truncated or not a CIFAR-10 binary batch");
            }
            String name = batch.fileName();
            String batchName = name.endsWith(".bin") ? name.substring(0, name.length() - 4) : name;
            idPrefix = "cifar10/" + batchName + "/";
            source = "cifar-10:" + name;
            recordsLeft = batch.length() / RECORD_BYTES;
            index = 0;
        }

        @Override
        public ImageRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no more CIFAR-10 records");
            }
            try {
                int label = batch.in().read();
                byte[] pixels = batch.in().readNBytes(LabelledImage.PIXEL_BYTES);
                if (label < 0 || pixels.length < LabelledImage.PIXEL_BYTES) {
                    throw new EOFException();
                }
                if (label >= LabelledImage.NUM_CLASSES) {
                    throw new CifarDataException(batch.displayName() + " record " + index + " has label " + label
                            + ", not 0–9: the file is not a CIFAR-10 binary batch (CIFAR-100 batches have two label bytes)");
                }
                ImageRecord record = new LabelledImage(label, pixels)
                        .toImageRecord(idPrefix + sixDigits(index), source, eventTimeMillis, split);
                index++;
                recordsLeft--;
                return record;
            } catch (EOFException e) {
                throw new CifarDataException(describeTruncation(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + currentSource() + ": " + e.getMessage(), e);
            }
        }

        private String describeTruncation() {
            if (archive != null) {
                return archive + " ends early" + (batch == null ? "" : " inside " + batch.fileName())
                        + ": the download is incomplete";
            }
            return currentSource() + " ended before all its records were read: it changed while being read";
        }

        private String currentSource() {
            if (archive != null) {
                return archive.toString();
            }
            return batch != null ? batch.displayName() : "the CIFAR-10 batches " + files;
        }

        @Override
        public void close() {
            try {
                cursor.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close CIFAR-10 data: " + e.getMessage(), e);
            }
        }
    }

    private static String sixDigits(int index) {
        String digits = Integer.toString(index);
        return digits.length() >= 6 ? digits : "000000".substring(digits.length()) + digits;
    }
}
