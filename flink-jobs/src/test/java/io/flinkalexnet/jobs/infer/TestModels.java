package io.flinkalexnet.jobs.infer;

import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.infer.ImageClassifier;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Engines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.util.FileUtils;

/**
 * Untrained cifar models that the infer tests share, written once per test JVM into the build's temporary folder
 * (writing one takes a while) and deleted when the JVM exits.
 */
final class TestModels {

    /** Model version 1, with the ten cifar classes: one the tests' jobs serve. */
    static final ModelArtifact VERSION_1;
    /** Model version 2, with five classes: one the tests' jobs reject. */
    static final ModelArtifact FIVE_CLASSES;
    /** Model version 3, with the ten cifar classes: one to swap to. */
    static final ModelArtifact VERSION_3;

    static {
        try {
            Path folder = Files.createTempDirectory("infer-test-models");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> FileUtils.deleteDirectoryQuietly(folder.toFile())));
            VERSION_1 = TestArtifacts.untrained(1, CifarBinaryReader.STANDARD_CLASS_NAMES, folder.resolve("v1"));
            FIVE_CLASSES = TestArtifacts.untrained(2, CifarBinaryReader.STANDARD_CLASS_NAMES.subList(0, 5),
                    folder.resolve("v2"));
            VERSION_3 = TestArtifacts.untrained(3, CifarBinaryReader.STANDARD_CLASS_NAMES, folder.resolve("v3"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestModels() {}

    /** {@code artifact} loaded on the CPU, as a subtask serves it. */
    static ServingModel serving(ModelArtifact artifact) throws IOException {
        return new ServingModel(TestArtifacts.announcement(artifact), ImageClassifier.load(artifact, Engines.MXNET, "cpu"));
    }
}
