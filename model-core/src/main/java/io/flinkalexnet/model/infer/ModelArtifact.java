package io.flinkalexnet.model.infer;

import ai.djl.ndarray.NDArray;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.model.image.Normalization;
import io.flinkalexnet.model.nn.ParameterFile;
import io.flinkalexnet.model.nn.Variant;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A trained model as one file: a zip holding {@code metadata.json} (architecture, variant,
 * normalisation, class names, provenance) and {@code parameters.bin} (every parameter and batch-norm
 * statistic in {@link ParameterFile} format), identified by the SHA-256 of the whole file.
 *
 * <pre>{@code
 * WrittenArtifact written = ModelArtifact.write(out, metadata, trainer.parameters());
 * ModelArtifact artifact = ModelArtifact.open(path, written.sha256());
 * }</pre>
 *
 * <p>An exported directory holds {@code model.zip} and its {@link ChecksumFile} {@code model.zip.sha256};
 * {@link #open} accepts the directory or the file.
 */
public final class ModelArtifact {

    public static final String ARCHITECTURE = "alexnet";
    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "model.zip";

    private static final String METADATA_ENTRY = "metadata.json";
    private static final String PARAMETERS_ENTRY = "parameters.bin";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final Path file;
    private final String sha256;
    private final ArtifactMetadata metadata;

    private ModelArtifact(Path file, String sha256, ArtifactMetadata metadata) {
        this.file = file;
        this.sha256 = sha256;
        this.metadata = metadata;
    }

    /** What was written: the file's SHA-256 (lower-case hex) and size. */
    public record WrittenArtifact(String sha256, long sizeBytes) {}

    /**
     * Writes an artifact to {@code out} (which stays open) and returns its checksum and size, computed
     * while writing so the bytes are read only once.
     */
    public static WrittenArtifact write(OutputStream out, ArtifactMetadata metadata, Map<String, NDArray> parameters)
            throws IOException {
        validate(metadata, "metadata to write");
        MessageDigest digest = sha256Digest();
        CountingOutputStream counting = new CountingOutputStream(new DigestOutputStream(nonClosing(out), digest));
        try (ZipOutputStream zip = new ZipOutputStream(counting)) {
            // Weights do not compress; storing them keeps export of the 187 MB seed model fast.
            zip.setLevel(Deflater.NO_COMPRESSION);
            zip.putNextEntry(new ZipEntry(METADATA_ENTRY));
            zip.write(GSON.toJson(metadata).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(PARAMETERS_ENTRY));
            DataOutputStream data = new DataOutputStream(zip);
            ParameterFile.write(data, parameters);
            data.flush();
            zip.closeEntry();
        }
        return new WrittenArtifact(HexFormat.of().formatHex(digest.digest()), counting.count);
    }

    /**
     * Writes {@code model.zip} and {@code model.zip.sha256} into {@code directory} (created if
     * needed) and returns the opened artifact.
     */
    public static ModelArtifact writeTo(Path directory, ArtifactMetadata metadata, Map<String, NDArray> parameters)
            throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(FILE_NAME);
        Path partial = directory.resolve(FILE_NAME + ".partial");
        WrittenArtifact written;
        try (OutputStream out = Files.newOutputStream(partial)) {
            written = write(out, metadata, parameters);
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        ChecksumFile.writeBeside(file, written.sha256());
        return new ModelArtifact(file, written.sha256(), metadata);
    }

    /**
     * Opens an artifact file, or a directory holding exactly one {@code *.zip}, after checking its
     * SHA-256 against {@code expectedSha256}, or when that is null against the {@code .sha256} file
     * beside it if there is one.
     *
     * @throws InvalidArtifactException if it is missing, corrupt, fails the checksum or is not an
     *     AlexNet artifact this build can load
     */
    public static ModelArtifact open(Path path, String expectedSha256) {
        Path file = resolveFile(path);
        String actual = sha256Of(file);
        String expected = expectedSha256 != null ? expectedSha256 : ChecksumFile.readBeside(file);
        if (expected != null && !expected.trim().equalsIgnoreCase(actual)) {
            throw new InvalidArtifactException(
                    "model artifact " + file + " has SHA-256 " + actual + " but " + expected.trim()
                            + " was expected: the file is incomplete or was modified; re-export or re-copy it");
        }
        ArtifactMetadata metadata = readMetadata(file);
        validate(metadata, "model artifact " + file);
        return new ModelArtifact(file, actual, metadata);
    }

    public Path file() {
        return file;
    }

    public String sha256() {
        return sha256;
    }

    public ArtifactMetadata metadata() {
        return metadata;
    }

    public Variant variant() {
        return Variant.fromId(metadata.variant());
    }

    public Normalization normalization() {
        return new Normalization(metadata.mean(), metadata.std());
    }

    /** Reads the parameters into arrays of exactly the same names and shapes. */
    public void loadParameters(Map<String, NDArray> targets) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            seek(zip, PARAMETERS_ENTRY);
            ParameterFile.readInto(new DataInputStream(zip), targets, "model artifact " + file);
        }
    }

    /** Lower-case hex SHA-256 of a file. */
    public static String sha256Of(Path file) {
        MessageDigest digest = sha256Digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new InvalidArtifactException("cannot read model artifact " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static Path resolveFile(Path path) {
        if (!Files.exists(path)) {
            throw new InvalidArtifactException("model artifact " + path + " does not exist");
        }
        if (!Files.isDirectory(path)) {
            return path;
        }
        List<Path> zips = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path, "*.zip")) {
            entries.forEach(zips::add);
        } catch (IOException e) {
            throw new InvalidArtifactException("cannot list model directory " + path + ": " + e.getMessage(), e);
        }
        if (zips.size() != 1) {
            throw new InvalidArtifactException(
                    "model directory " + path + " holds " + zips.size() + " .zip files; expected exactly one ("
                            + FILE_NAME + " as exported)");
        }
        return zips.get(0);
    }

    private static ArtifactMetadata readMetadata(Path file) {
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            seek(zip, METADATA_ENTRY);
            return GSON.fromJson(new String(zip.readAllBytes(), StandardCharsets.UTF_8), ArtifactMetadata.class);
        } catch (IOException | JsonParseException e) {
            throw new InvalidArtifactException(
                    "model artifact " + file + " is not a readable flink-alexnet model (" + e.getMessage() + ")", e);
        }
    }

    private static void seek(ZipInputStream zip, String name) throws IOException {
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            if (entry.getName().equals(name)) {
                return;
            }
        }
        throw new IOException("it has no " + name + " entry");
    }

    private static void validate(ArtifactMetadata metadata, String what) {
        if (metadata == null) {
            throw new InvalidArtifactException(what + " has an empty " + METADATA_ENTRY);
        }
        if (!ARCHITECTURE.equals(metadata.architecture())) {
            throw new InvalidArtifactException(
                    what + " is of architecture '" + metadata.architecture() + "', not '" + ARCHITECTURE + "'");
        }
        if (metadata.formatVersion() != FORMAT_VERSION) {
            throw new InvalidArtifactException(
                    what + " has format version " + metadata.formatVersion() + "; this build reads " + FORMAT_VERSION);
        }
        try {
            Variant.fromId(metadata.variant());
        } catch (IllegalArgumentException e) {
            throw new InvalidArtifactException(what + ": " + e.getMessage(), e);
        }
        if (metadata.classNames() == null || metadata.classNames().size() < 2) {
            throw new InvalidArtifactException(what + " names fewer than two classes");
        }
        if (metadata.mean() == null || metadata.mean().length != ImageShape.CHANNELS
                || metadata.std() == null || metadata.std().length != ImageShape.CHANNELS) {
            throw new InvalidArtifactException(what + " lacks per-channel normalisation (mean and std of 3 values)");
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private static final class CountingOutputStream extends FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

}
