package io.flinkalexnet.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.jobs.infer.TestImages;
import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.jobs.kafka.EncodedRecord;
import io.flinkalexnet.jobs.store.ModelStore;
import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.TrainingRecipe;
import io.flinkalexnet.schemas.ModelUpdate;
import io.flinkalexnet.schemas.TrainingStep;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer operator in Flink's operator test harness, training the cifar variant on MXNet for real. */
class TrainerOperatorTest {

    private static final int BATCH = 4;
    private static final RecordCodec<ModelUpdate> UPDATES = RecordCodec.modelUpdate();
    private static final RecordCodec<TrainingStep> STEPS = RecordCodec.trainingStep();

    @TempDir
    Path store;

    @Test
    void trainsBatchesAndExportsAModelVersionBeforeTheBarrier() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Integer, DecodedImage, EncodedRecord> harness = harness()) {
            harness.open();
            feed(harness, 0, 3 * BATCH);
            harness.prepareSnapshotPreBarrier(1);

            assertThat(steps(harness)).extracting(TrainingStep::getStep).containsExactly(1L, 2L, 3L);
            List<ModelUpdate> updates = updates(harness);
            assertThat(updates).singleElement().satisfies(update -> {
                assertThat(update.getModelVersion()).isEqualTo(1);
                assertThat(update.getTrainingStep()).isEqualTo(3);
            });
            Path artifact = Path.of(URI.create(updates.get(0).getArtifactUri()));
            assertThat(Files.exists(artifact)).isTrue();
            assertThat(ModelArtifact.open(artifact, updates.get(0).getSha256()).metadata().trainingStep())
                    .isEqualTo(3);
        }
    }

    @Test
    void restoredFromASnapshotItTrainsOnExactlyAsIfNeverStopped() throws Exception {
        OperatorSubtaskState snapshot;
        List<TrainingStep> uninterrupted;
        try (KeyedOneInputStreamOperatorTestHarness<Integer, DecodedImage, EncodedRecord> harness = harness()) {
            harness.open();
            // A partial batch is part of the state too.
            feed(harness, 0, 2 * BATCH + 1);
            harness.prepareSnapshotPreBarrier(1);
            snapshot = harness.snapshot(1, 1);
            feed(harness, 2 * BATCH + 1, 2 * BATCH - 1);
            harness.endInput();
            uninterrupted = steps(harness);
        }
        try (KeyedOneInputStreamOperatorTestHarness<Integer, DecodedImage, EncodedRecord> restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            feed(restored, 2 * BATCH + 1, 2 * BATCH - 1);
            restored.endInput();
            List<TrainingStep> resumed = steps(restored);

            assertThat(resumed).extracting(TrainingStep::getStep).containsExactly(3L, 4L);
            assertThat(resumed.get(0).getRestoredStateSha256()).as("the verified state it continued from").isNotNull();
            assertThat(resumed).extracting(TrainingStep::getLoss)
                    .containsExactlyElementsOf(uninterrupted.subList(2, 4).stream().map(TrainingStep::getLoss)
                            .toList());
            assertThat(resumed.get(0).getImageIds()).extracting(CharSequence::toString)
                    .containsExactlyElementsOf(TestImages.ids(2 * BATCH, BATCH));
        }
    }

    private KeyedOneInputStreamOperatorTestHarness<Integer, DecodedImage, EncodedRecord> harness() throws Exception {
        TrainerSettings settings = new TrainerSettings(Variant.CIFAR, "MXNet", "cpu", BATCH,
                TrainingRecipe.REFERENCE.config(Variant.CIFAR, 0), CifarBinaryReader.STANDARD_CLASS_NAMES, 2,
                new ModelStore(store.toUri().toString()), 10, 1000, 0, true);
        KeyedOneInputStreamOperatorTestHarness<Integer, DecodedImage, EncodedRecord> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(new TrainerOperator(settings),
                        image -> TrainerOperator.KEY, Types.INT);
        // The training state (about 26 MB) is over the default in-memory limit of 5 MB.
        harness.setCheckpointStorage(new JobManagerCheckpointStorage(64 << 20));
        return harness;
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<Integer, DecodedImage, EncodedRecord> harness,
            int first, int count) throws Exception {
        for (DecodedImage image : TestImages.images(first, count)) {
            harness.processElement(new StreamRecord<>(image));
        }
    }

    private static List<TrainingStep> steps(
            KeyedOneInputStreamOperatorTestHarness<Integer, DecodedImage, EncodedRecord> harness) {
        return harness.getSideOutput(TrainerOperator.TRAINING_LOG).stream()
                .map(record -> decode(STEPS, record.getValue())).toList();
    }

    private static List<ModelUpdate> updates(
            KeyedOneInputStreamOperatorTestHarness<Integer, DecodedImage, EncodedRecord> harness) {
        return harness.extractOutputValues().stream().map(record -> decode(UPDATES, record)).toList();
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> T decode(RecordCodec<T> codec,
            EncodedRecord record) {
        try {
            return codec.decode(record.value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
