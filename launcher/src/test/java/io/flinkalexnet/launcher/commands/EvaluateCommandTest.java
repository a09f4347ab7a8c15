package io.flinkalexnet.launcher.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.launcher.LauncherRun;
import io.flinkalexnet.launcher.TestData;
import io.flinkalexnet.model.data.SyntheticImages;
import io.flinkalexnet.model.infer.ModelArtifact;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate} classifies a CIFAR-10 batch with a model artifact, without Kafka or Flink. */
class EvaluateCommandTest {

    private static final long SEED = 5;
    private static final int IMAGES = 300;

    @TempDir
    static Path folder;

    private static ModelArtifact model;
    private static Path batch;

    @BeforeAll
    static void trainModelAndWriteBatch() throws Exception {
        model = TestData.trainedModel(folder.resolve("model"), 30);
        batch = TestData.cifarBatch(folder.resolve("held_out.bin"), SEED, IMAGES);
    }

    @Test
    void lastLineIsTheAccuracyTheClassifierGivesOnTheBatch() {
        long correct = TestData.correctPredictions(model, new SyntheticImages(SEED).images(0, IMAGES));

        LauncherRun run = LauncherRun.of("evaluate", "--model", folder.resolve("model").toString(),
                "--data", batch.toString(), "--engine", "mxnet");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.lastLine()).isEqualTo(String.format(Locale.ROOT, "accuracy: %.4f (n=%d)",
                (double) correct / IMAGES, IMAGES));
    }

    @Test
    void printsPerClassAccuracyAndTheConfusionMatrix() {
        LauncherRun run = LauncherRun.of("evaluate", "--model", model.file().toString(), "--data", batch.toString());

        assertThat(run.out()).contains("per-class accuracy:", "confusion matrix:", "actual \\ predicted", "airplane",
                "truck");
    }
}
