package io.flinkalexnet.launcher.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The scratch folder of one launcher command ({@code <work dir>/<command>-<time>-<pid>}): broker data, Flink's
 * temporary files, checkpoints and model versions. The work dir is the {@value #WORK_DIR_PROPERTY} system property
 * (which {@code bin/flink-alexnet} sets), else {@code flink-alexnet} under {@code java.io.tmpdir}.
 */
public final class RunDirectory implements AutoCloseable {

    /** System property naming the work dir. */
    public static final String WORK_DIR_PROPERTY = "flink-alexnet.work-dir";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /** Creates a new, empty run folder for {@code command}. */
    public static RunDirectory create(String command) {
        Path folder = workDirectory().resolve(command + "-" + LocalDateTime.now().format(TIME) + "-"
                + ProcessHandle.current().pid());
        try {
            return new RunDirectory(Files.createDirectories(folder));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work folder " + folder + " (" + e.getMessage()
                    + "); set " + WORK_DIR_PROPERTY + " or FLINK_ALEXNET_WORK_DIR to a writable folder", e);
        }
    }

    /** The work dir all run folders go into. */
    public static Path workDirectory() {
        String configured = System.getProperty(WORK_DIR_PROPERTY);
        return configured != null && !configured.isBlank()
                ? Path.of(configured).toAbsolutePath()
                : Path.of(System.getProperty("java.io.tmpdir"), "flink-alexnet").toAbsolutePath();
    }

    /** The folder. */
    public Path path() {
        return path;
    }

    /** A sub-folder, created if needed. */
    public Path folder(String name) {
        try {
            return Files.createDirectories(path.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the folder and everything in it. */
    @Override
    public void close() {
        deleteRecursively(path);
    }

    /** Deletes {@code folder} and everything in it, if it exists. */
    public static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path entry : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder + ": " + e.getMessage(), e);
        }
    }
}
