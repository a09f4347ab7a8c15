package io.flinkalexnet.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.jobs.OperatorStateHarness;
import io.flinkalexnet.jobs.infer.TestImages;
import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.model.train.TrainingRecipe;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The trainer's keyed state, written for a real cifar trainer on MXNet and restored in Flink's operator harness. */
class TrainerStateTest {

    private final AlexNetTrainer trainer = trainer(null);

    @AfterEach
    void freeTrainer() {
        trainer.close();
    }

    @Test
    void refusesToRunOnAStreamThatIsNotKeyed() {
        assertThatThrownBy(() -> TrainerState.register(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyBy TrainerOperator.KEY");
    }

    @Test
    void aJobStartedWithoutACheckpointHasNoProgress() throws Exception {
        try (OperatorStateHarness<Integer> subtask = open(null)) {
            assertThat(state(subtask).progress()).isNull();
        }
    }

    @Test
    void restoresWhatTheLastWriteBeforeTheCheckpointWrote() throws Exception {
        TrainerProgress progress = new TrainerProgress();
        progress.modelVersion = 3;
        progress.lastExportStep = 1;
        progress.lossSinceExport = 2.5;
        progress.stepsSinceExport = 1;
        progress.skippedAfterStepLimit = 7;
        OperatorSubtaskState checkpoint;
        long sizeBytes;
        try (OperatorStateHarness<Integer> subtask = open(null)) {
            TrainerState state = state(subtask);
            state.write(trainer, progress, TestImages.images(0, 3), TestImages.images(10, 1));
            String earlierSha256 = progress.stateSha256;
            trainStep();
            sizeBytes = state.write(trainer, progress, TestImages.images(4, 2), TestImages.images(10, 2));
            assertThat(progress.stateSha256).as("recorded for the state written").isNotEqualTo(earlierSha256);
            checkpoint = subtask.snapshot(1);
        }

        try (OperatorStateHarness<Integer> restored = open(checkpoint)) {
            TrainerState state = state(restored);
            TrainerProgress recorded = state.progress();
            assertThat(recorded).usingRecursiveComparison().isEqualTo(progress);
            assertThat(ids(state.pendingBatch())).containsExactlyElementsOf(TestImages.ids(4, 2));
            assertThat(ids(state.validationImages())).containsExactlyElementsOf(TestImages.ids(10, 2));
            VerifiedTrainingState.Restored rebuilt = state.restoreTrainer(recorded, TrainerStateTest::trainer);
            try (AlexNetTrainer resumed = rebuilt.trainer()) {
                assertThat(resumed.step()).isEqualTo(1);
                assertThat(rebuilt.sha256()).isEqualTo(progress.stateSha256);
                assertThat(rebuilt.sizeBytes()).isEqualTo(sizeBytes);
            }
        }
    }

    @Test
    void refusesATrainingStateThatIsNotTheOneItsProgressRecorded() throws Exception {
        OperatorSubtaskState checkpoint;
        try (OperatorStateHarness<Integer> subtask = open(null)) {
            state(subtask).write(trainer, new TrainerProgress(), List.of(), List.of());
            checkpoint = subtask.snapshot(1);
        }

        try (OperatorStateHarness<Integer> restored = open(checkpoint)) {
            TrainerState state = state(restored);
            TrainerProgress recorded = state.progress();
            recorded.stateSha256 = "0".repeat(64);
            assertThatThrownBy(() -> state.restoreTrainer(recorded, TrainerStateTest::trainer))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the checkpointed training state is corrupt");
        }
    }

    @Test
    void keepsTheStateNamesOlderCheckpointsCarry() throws Exception {
        try (OperatorStateHarness<Integer> subtask = open(null)) {
            state(subtask).write(trainer, new TrainerProgress(), TestImages.images(0, 1), TestImages.images(1, 1));

            for (String name : List.of("trainer-state", "progress", "pending-batch", "validation-images")) {
                try (Stream<Integer> keys = subtask.keyedBackend().getKeys(name, VoidNamespace.INSTANCE)) {
                    assertThat(keys).as(name).containsExactly(TrainerOperator.KEY);
                }
            }
        }
    }

    /** The one subtask of the trainer, on the key its operator uses, restored from {@code checkpoint} unless null. */
    private static OperatorStateHarness<Integer> open(OperatorSubtaskState checkpoint) throws Exception {
        OperatorStateHarness<Integer> subtask = OperatorStateHarness.open(Types.INT, 1, 0, checkpoint);
        subtask.setCurrentKey(TrainerOperator.KEY);
        return subtask;
    }

    private static TrainerState state(OperatorStateHarness<Integer> subtask) {
        return TrainerState.register(subtask.keyedStore());
    }

    private void trainStep() {
        List<DecodedImage> images = TestImages.images(20, 4);
        trainer.trainStep(TestImages.pixels(images), TestImages.labels(images), images.size());
    }

    private static List<String> ids(Iterable<DecodedImage> images) {
        List<String> ids = new ArrayList<>();
        images.forEach(image -> ids.add(image.id));
        return ids;
    }

    private static AlexNetTrainer trainer(InputStream state) {
        AlexNetTrainer.Builder builder = AlexNetTrainer.builder().setVariant(Variant.CIFAR).optEngine(Engines.MXNET)
                .optDevices("cpu").optConfig(TrainingRecipe.REFERENCE.config(Variant.CIFAR, 0));
        return (state == null ? builder : builder.optState(state)).build();
    }
}
