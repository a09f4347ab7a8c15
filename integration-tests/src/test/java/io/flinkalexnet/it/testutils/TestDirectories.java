package io.flinkalexnet.it.testutils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Fresh folders for test data inside the module's build folder, never in the shared /tmp. */
public final class TestDirectories {

    private TestDirectories() {
    }

    /**
     * Creates a new, empty folder named {@code prefix-<random>} under the build's temporary folder.
     *
     * <p>The build's temporary folder is the {@code test.tmp.dir} system property that failsafe sets; a run from an IDE
     * falls back to {@code target/tmp} under the working directory, which IDEs set to the module folder.
     */
    public static Path newDirectory(String prefix) {
        Path root = Path.of(System.getProperty("test.tmp.dir", "target/tmp")).toAbsolutePath();
        Path directory = root.resolve(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the test folder " + directory
                    + "; check that the build folder is writable.", e);
        }
    }
}
