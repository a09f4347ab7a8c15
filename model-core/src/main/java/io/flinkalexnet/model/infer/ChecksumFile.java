package io.flinkalexnet.model.infer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The side file that travels with a model artifact ({@code model.zip.sha256} beside {@code model.zip}), in
 * {@code sha256sum} format: the one place it is written and parsed, on local paths and, through the stream
 * methods, on any Flink filesystem.
 *
 * <pre>{@code
 * ChecksumFile.writeBeside(file, written.sha256());
 * String expected = ChecksumFile.readBeside(file); // null when there is no side file
 * }</pre>
 */
public final class ChecksumFile {

    private static final String SUFFIX = ".sha256";

    private ChecksumFile() {}

    /** The side file's name, or URI, for the artifact's name or URI. */
    public static String nameFor(String artifact) {
        return artifact + SUFFIX;
    }

    /** The side file of a local artifact file. */
    public static Path beside(Path artifact) {
        return artifact.resolveSibling(nameFor(artifact.getFileName().toString()));
    }

    /** Writes the side file's content, {@code <sha256>  <artifact file name>} and a newline, to {@code out}. */
    public static void write(OutputStream out, String sha256, String artifactFileName) throws IOException {
        out.write((sha256 + "  " + artifactFileName + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The checksum a side file holds (its first field), or null when it is empty. */
    public static String read(InputStream in) throws IOException {
        String content = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        return content.isEmpty() ? null : content.split("\\s+")[0];
    }

    /** Writes (or replaces) the side file of a local artifact file. */
    public static void writeBeside(Path artifact, String sha256) throws IOException {
        try (OutputStream out = Files.newOutputStream(beside(artifact))) {
            write(out, sha256, artifact.getFileName().toString());
        }
    }

    /**
     * The checksum in the side file of a local artifact file, or null when there is none.
     *
     * @throws InvalidArtifactException if the side file exists but cannot be read
     */
    public static String readBeside(Path artifact) {
        Path sidecar = beside(artifact);
        if (!Files.exists(sidecar)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(sidecar)) {
            return read(in);
        } catch (IOException e) {
            throw new InvalidArtifactException("cannot read checksum file " + sidecar + ": " + e.getMessage(), e);
        }
    }
}
