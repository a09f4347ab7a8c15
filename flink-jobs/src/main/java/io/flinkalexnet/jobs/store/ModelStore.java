package io.flinkalexnet.jobs.store;

import ai.djl.ndarray.NDArray;
import io.flinkalexnet.model.infer.ArtifactMetadata;
import io.flinkalexnet.model.infer.ChecksumFile;
import io.flinkalexnet.model.infer.ModelArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Model artifacts on any Flink filesystem ({@code file://}, {@code s3://}, ...): one folder per
 * version ({@code v000012/model.zip} and its {@link ChecksumFile}), and a {@code LATEST} file naming
 * the newest version whose checkpoint completed.
 */
public final class ModelStore implements Serializable {

    private static final String LATEST = "LATEST";

    private final String baseUri;

    public ModelStore(String baseUri) {
        this.baseUri = baseUri.endsWith("/") ? baseUri.substring(0, baseUri.length() - 1) : baseUri;
    }

    /** Where an artifact lies and what it is. */
    public record StoredArtifact(String uri, String sha256, long sizeBytes) {}

    /** Writes version {@code version} completely (closing the file) before returning. */
    public StoredArtifact write(long version, ArtifactMetadata metadata, Map<String, NDArray> parameters)
            throws IOException {
        Path folder = new Path(baseUri, String.format("v%06d", version));
        Path file = new Path(folder, ModelArtifact.FILE_NAME);
        FileSystem fs = file.getFileSystem();
        fs.mkdirs(folder);
        ModelArtifact.WrittenArtifact written;
        try (OutputStream out = fs.create(file, FileSystem.WriteMode.OVERWRITE)) {
            written = ModelArtifact.write(out, metadata, parameters);
        }
        try (OutputStream out = fs.create(new Path(folder, ChecksumFile.nameFor(ModelArtifact.FILE_NAME)),
                FileSystem.WriteMode.OVERWRITE)) {
            ChecksumFile.write(out, written.sha256(), ModelArtifact.FILE_NAME);
        }
        return new StoredArtifact(file.toUri().toString(), written.sha256(), written.sizeBytes());
    }

    /** Records {@code version} as the newest committed one. */
    public void markLatest(long version) throws IOException {
        writeText(new Path(baseUri, LATEST), String.format("v%06d%n", version));
    }

    /** Copies the artifact at {@code uri} into a local file, for loading by DJL. */
    public static java.nio.file.Path fetch(String uri, java.nio.file.Path localFolder) throws IOException {
        Path path = new Path(uri);
        Files.createDirectories(localFolder);
        java.nio.file.Path local = Files.createTempFile(localFolder, "model-", ".zip");
        try (InputStream in = path.getFileSystem().open(path)) {
            Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(local);
            throw e;
        }
        return local;
    }

    private static void writeText(Path path, String text) throws IOException {
        try (OutputStream out = path.getFileSystem().create(path, FileSystem.WriteMode.OVERWRITE)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
