package io.flinkalexnet.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.jobs.infer.TestImages;
import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.jobs.kafka.EncodedRecord;
import io.flinkalexnet.jobs.store.ModelStore;
import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.infer.ModelAnnouncement;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.model.train.StepResult;
import io.flinkalexnet.model.train.TrainingRecipe;
import io.flinkalexnet.model.train.ValidationResult;
import io.flinkalexnet.schemas.ModelUpdate;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's exports of a real cifar network on MXNet into a model store in a temporary folder. */
class ModelExportsTest {

    private static final ValidationResult NO_HELD_OUT_IMAGES = new ValidationResult(0, 0, 0, new int[0]);
    private static final RecordCodec<ModelUpdate> UPDATES = RecordCodec.modelUpdate();

    @TempDir
    Path store;

    private final AlexNetTrainer trainer = AlexNetTrainer.builder().setVariant(Variant.CIFAR)
            .optEngine(Engines.MXNET).optDevices("cpu").build();
    private final TrainerProgress progress = new TrainerProgress();
    private ModelExports exports;

    @BeforeEach
    void exportEveryTwoSteps() {
        exports = exportsFrom(progress);
    }

    @AfterEach
    void freeTrainer() {
        trainer.close();
    }

    @Test
    void exportsTheNextVersionWithTheTrainingScoresAveragedOverItsSteps() throws Exception {
        StepResult first = trainStep();
        exports.countStep(first);
        StepResult second = trainStep();
        exports.countStep(second);

        EncodedRecord record = exports.export(NO_HELD_OUT_IMAGES);

        assertThat(new String(record.key, StandardCharsets.UTF_8)).isEqualTo("1");
        ModelUpdate update = UPDATES.decode(record.value);
        assertThat(update.getModelVersion()).isEqualTo(1);
        assertThat(update.getTrainingStep()).isEqualTo(2);
        assertThat(update.getTrainingLoss()).isCloseTo((first.loss() + second.loss()) / 2, Offset.offset(1e-12));
        assertThat(update.getTrainingAccuracy())
                .isCloseTo((first.accuracy() + second.accuracy()) / 2, Offset.offset(1e-12));
        assertThat(update.getValidationAccuracy()).as("no held-out images").isNull();
        Path artifact = Path.of(URI.create(update.getArtifactUri()));
        assertThat(artifact).isEqualTo(store.resolve("v000001").resolve(ModelArtifact.FILE_NAME));
        assertThat(ModelArtifact.open(artifact, update.getSha256()).metadata().modelVersion()).isEqualTo(1);
        assertThat(progress.modelVersion).isEqualTo(1);
        assertThat(progress.lastExportStep).isEqualTo(2);
        assertThat(progress.stepsSinceExport).isZero();
    }

    @Test
    void theNextExportAveragesOnlyTheStepsSinceTheLast() throws Exception {
        exports.countStep(new StepResult(1, 4, 3.0, 0.25, 1e-3));
        exports.export(NO_HELD_OUT_IMAGES);
        exports.countStep(new StepResult(2, 4, 2.0, 0.5, 1e-3));
        exports.countStep(new StepResult(3, 4, 1.0, 1.0, 1e-3));

        ModelUpdate update = UPDATES.decode(exports.export(NO_HELD_OUT_IMAGES).value);

        assertThat(update.getModelVersion()).isEqualTo(2);
        assertThat(update.getTrainingLoss()).isEqualTo(1.5);
        assertThat(update.getTrainingAccuracy()).isEqualTo(0.75);
    }

    @Test
    void addsTheScoreOfTheHeldOutImagesWhenThereWereAny() throws Exception {
        exports.countStep(trainStep());

        ModelUpdate update = UPDATES.decode(exports.export(new ValidationResult(4, 2.0, 3, new int[4])).value);

        assertThat(update.getValidationAccuracy()).isEqualTo(0.75);
        assertThat(update.getValidationCount()).isEqualTo(4);
        Map<String, Double> metrics = ModelArtifact.open(Path.of(URI.create(update.getArtifactUri())),
                update.getSha256()).metadata().metrics();
        assertThat(metrics).containsEntry(ModelAnnouncement.VALIDATION_LOSS, 0.5)
                .containsEntry(ModelAnnouncement.VALIDATION_COUNT, 4.0);
    }

    @Test
    void versionsGoOnFromTheRestoredProgress() throws Exception {
        TrainerProgress restored = new TrainerProgress();
        restored.modelVersion = 5;

        EncodedRecord record = exportsFrom(restored).export(NO_HELD_OUT_IMAGES);

        assertThat(new String(record.key, StandardCharsets.UTF_8)).isEqualTo("6");
        assertThat(UPDATES.decode(record.value).getModelVersion()).isEqualTo(6);
        assertThat(store.resolve("v000006").resolve(ModelArtifact.FILE_NAME)).exists();
    }

    @Test
    void isDueBeforeABarrierEveryExportEveryStepsOrAtTheStepLimitOnceItHasTrained() throws Exception {
        assertThat(exports.hasUnexportedSteps()).isFalse();
        assertThat(exports.dueBeforeBarrier(true)).as("nothing trained to export").isFalse();
        exports.countStep(trainStep());

        assertThat(exports.hasUnexportedSteps()).isTrue();
        assertThat(exports.dueBeforeBarrier(false)).isFalse();
        assertThat(exports.dueBeforeBarrier(true)).isTrue();
        exports.countStep(trainStep());
        assertThat(exports.dueBeforeBarrier(false)).isTrue();

        exports.export(NO_HELD_OUT_IMAGES);
        assertThat(exports.hasUnexportedSteps()).isFalse();
        assertThat(exports.dueBeforeBarrier(true)).isFalse();
    }

    @Test
    void marksAVersionLatestOnceTheCheckpointItWasExportedBeforeCompletes() throws Exception {
        exports.export(NO_HELD_OUT_IMAGES);
        exports.checkpointTaken(1);
        assertThat(store.resolve("LATEST")).as("not before its checkpoint completes").doesNotExist();

        exports.checkpointComplete(1);

        assertThat(latest()).isEqualTo("v000001");
    }

    @Test
    void aNotificationStandsForTheEarlierCheckpointsAndLatestNeverMovesBack() throws Exception {
        exports.export(NO_HELD_OUT_IMAGES);
        exports.checkpointTaken(1);
        exports.export(NO_HELD_OUT_IMAGES);
        exports.checkpointTaken(2);
        exports.checkpointTaken(3);
        exports.export(NO_HELD_OUT_IMAGES);

        exports.checkpointComplete(3);
        assertThat(latest()).as("version 3 came after checkpoint 3").isEqualTo("v000002");
        exports.checkpointComplete(1);
        assertThat(latest()).isEqualTo("v000002");
    }

    @Test
    void leavesLatestAloneForTheVersionARestoredCheckpointCommitted() throws Exception {
        TrainerProgress restored = new TrainerProgress();
        restored.modelVersion = 5;
        ModelExports afterRestore = exportsFrom(restored);

        afterRestore.checkpointTaken(1);
        afterRestore.checkpointComplete(1);
        assertThat(store.resolve("LATEST")).doesNotExist();

        afterRestore.export(NO_HELD_OUT_IMAGES);
        afterRestore.checkpointTaken(2);
        afterRestore.checkpointComplete(2);
        assertThat(latest()).isEqualTo("v000006");
    }

    private ModelExports exportsFrom(TrainerProgress restored) {
        TrainerSettings settings = new TrainerSettings(Variant.CIFAR, Engines.MXNET, "cpu", 4,
                TrainingRecipe.REFERENCE.config(Variant.CIFAR, 0), CifarBinaryReader.STANDARD_CLASS_NAMES, 2,
                new ModelStore(store.toUri().toString()), 10, 1000, 0, false);
        return new ModelExports(settings, trainer, restored);
    }

    /** One training step on the next four images, as the operator's step thread takes it. */
    private StepResult trainStep() {
        List<DecodedImage> images = TestImages.images((int) trainer.step() * 4, 4);
        return trainer.trainStep(TestImages.pixels(images), TestImages.labels(images), images.size());
    }

    private String latest() throws Exception {
        return Files.readString(store.resolve("LATEST")).strip();
    }
}
