package io.flinkalexnet.jobs.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.jobs.kafka.EncodedRecord;
import io.flinkalexnet.jobs.kafka.SourceRecord;
import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.data.SyntheticImages;
import io.flinkalexnet.model.image.RecordValidator;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.ModelUpdate;
import io.flinkalexnet.schemas.Prediction;
import io.flinkalexnet.schemas.codec.RecordCodec;
import io.flinkalexnet.schemas.codec.RecordDecodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classifier operator in Flink's operator test harness, with real (untrained) cifar models on MXNet. */
class ClassifierOperatorTest {

    private static final int BATCH = 4;
    private static final long TIMEOUT_MILLIS = 100;
    private static final RecordCodec<ModelUpdate> UPDATES = RecordCodec.modelUpdate();
    private static final RecordCodec<Prediction> PREDICTIONS = RecordCodec.prediction();

    @TempDir
    static Path models;

    private static ModelArtifact version1;
    private static ModelArtifact fiveClasses;

    @BeforeAll
    static void writeModels() throws Exception {
        version1 = TestArtifacts.untrained(1, CifarBinaryReader.STANDARD_CLASS_NAMES, models.resolve("v1"));
        fiveClasses = TestArtifacts.untrained(2, CifarBinaryReader.STANDARD_CLASS_NAMES.subList(0, 5), models.resolve("v2"));
    }

    @Test
    void classifiesABatchAsSoonAsItIsFull() throws Exception {
        try (KeyedTwoInputStreamOperatorTestHarness<String, DecodedImage, SourceRecord, EncodedRecord> harness =
                harness(settings(1000))) {
            harness.open();
            announce(harness, version1, 1);

            images(0, BATCH - 1).forEach(image -> process(harness, image));
            assertThat(predictions(harness)).as("a partial batch waits").isEmpty();
            process(harness, images(BATCH - 1, 1).get(0));

            assertThat(awaitPredictions(harness, BATCH)).extracting(Prediction::getImageId).containsExactlyElementsOf(ids(0, BATCH));
        }
    }

    @Test
    void classifiesAPartialBatchWhenItsTimeoutHasPassed() throws Exception {
        try (KeyedTwoInputStreamOperatorTestHarness<String, DecodedImage, SourceRecord, EncodedRecord> harness =
                harness(settings(1000))) {
            harness.open();
            announce(harness, version1, 10);

            images(0, 2).forEach(image -> process(harness, image));
            harness.setProcessingTime(10 + TIMEOUT_MILLIS - 1);
            assertThat(predictions(harness)).isEmpty();
            harness.setProcessingTime(10 + TIMEOUT_MILLIS);

            assertThat(awaitPredictions(harness, 2)).extracting(Prediction::getImageId).containsExactlyElementsOf(ids(0, 2));
        }
    }

    @Test
    void restoresThePartialBatchAndTheServedVersionFromACheckpoint() throws Exception {
        OperatorSubtaskState checkpoint;
        try (KeyedTwoInputStreamOperatorTestHarness<String, DecodedImage, SourceRecord, EncodedRecord> harness =
                harness(settings(1000))) {
            harness.open();
            announce(harness, version1, 1);
            images(0, 3).forEach(image -> process(harness, image));
            checkpoint = harness.snapshot(1, 2);
        }

        try (KeyedTwoInputStreamOperatorTestHarness<String, DecodedImage, SourceRecord, EncodedRecord> restored =
                harness(settings(1000))) {
            restored.initializeState(checkpoint);
            restored.open();
            restored.setProcessingTime(1);

            List<Prediction> predictions = awaitPredictions(restored, 3);
            assertThat(predictions).extracting(Prediction::getImageId).containsExactlyInAnyOrderElementsOf(ids(0, 3));
            assertThat(predictions).extracting(Prediction::getModelVersion).containsOnly(1L);
        }
    }

    @Test
    void servesTheStartingModelUntilANewerVersionIsAnnounced() throws Exception {
        classifiesAFullBatchWithVersion1(settings(version1.file().toUri().toString(), 1000, 0));
    }

    @Test
    void rejectsAModelWithAnotherClassCountAndKeepsServingTheCurrentOne() throws Exception {
        classifiesAFullBatchWithVersion1(settings(1000), version1, fiveClasses);
    }

    @Test
    void aCheckpointBarrierFollowsThePredictionsOfTheBatchInFlight() throws Exception {
        try (KeyedTwoInputStreamOperatorTestHarness<String, DecodedImage, SourceRecord, EncodedRecord> harness =
                harness(settings(1000))) {
            harness.open();
            announce(harness, version1, 1);
            images(0, BATCH).forEach(image -> process(harness, image));

            harness.prepareSnapshotPreBarrier(1);

            assertThat(predictions(harness)).as("emitted before the barrier, without running the mailbox")
                    .extracting(Prediction::getImageId).containsExactlyElementsOf(ids(0, BATCH));
        }
    }

    @Test
    void aPartialBatchWhoseTimerFoundAPassInFlightIsClassifiedAfterABarrierEmittedThatPass() throws Exception {
        try (KeyedTwoInputStreamOperatorTestHarness<String, DecodedImage, SourceRecord, EncodedRecord> harness =
                harness(settings(1000))) {
            harness.open();
            announce(harness, version1, 1);
            images(0, BATCH).forEach(image -> process(harness, image));
            harness.setProcessingTime(10);
            process(harness, images(BATCH, 1).get(0));

            harness.setProcessingTime(10 + TIMEOUT_MILLIS);
            harness.prepareSnapshotPreBarrier(1);

            assertThat(awaitPredictions(harness, BATCH + 1)).extracting(Prediction::getImageId)
                    .containsExactlyElementsOf(ids(0, BATCH + 1));
        }
    }

    @Test
    void slowsItsInputBeyondTheBoundWhileItHasNoModel() throws Exception {
        try (KeyedTwoInputStreamOperatorTestHarness<String, DecodedImage, SourceRecord, EncodedRecord> harness =
                harness(settings(2, 200))) {
            harness.open();
            List<DecodedImage> images = images(0, 3);
            long started = System.nanoTime();
            process(harness, images.get(0));
            process(harness, images.get(1));
            long withinBound = System.nanoTime() - started;
            process(harness, images.get(2));
            long beyondBound = System.nanoTime() - started - withinBound;

            assertThat(withinBound).as("images within the bound are taken at once").isLessThan(200_000_000L);
            assertThat(beyondBound).as("an image beyond the bound costs the throttle").isGreaterThanOrEqualTo(200_000_000L);
        }
    }

    @Test
    void failsNamingTheFixWhenItHoldsTwiceTheBoundWithoutAModel() throws Exception {
        try (KeyedTwoInputStreamOperatorTestHarness<String, DecodedImage, SourceRecord, EncodedRecord> harness =
                harness(settings(2))) {
            harness.open();
            images(0, 3).forEach(image -> process(harness, image));

            assertThatThrownBy(() -> harness.processElement1(images(3, 1).get(0), 0))
                    .hasMessageContaining("holds 4 images and still has no model")
                    .hasMessageContaining("--inference.no-model.max-images");
            assertThat(predictions(harness)).isEmpty();
        }
    }

    private static ClassifierSettings settings(int noModelMaxImages) {
        return settings(noModelMaxImages, 0);
    }

    private static ClassifierSettings settings(int noModelMaxImages, long throttleMillis) {
        return settings(null, noModelMaxImages, throttleMillis);
    }

    private static ClassifierSettings settings(String initialArtifact, int noModelMaxImages, long throttleMillis) {
        return new ClassifierSettings(Variant.CIFAR, CifarBinaryReader.STANDARD_CLASS_NAMES.size(), Engines.MXNET, "cpu",
                initialArtifact, BATCH, TIMEOUT_MILLIS, 3, noModelMaxImages, throttleMillis);
    }

    /** Announces {@code artifacts} in turn, one a millisecond, then checks that version 1 classifies a full batch. */
    private static void classifiesAFullBatchWithVersion1(ClassifierSettings settings, ModelArtifact... artifacts)
            throws Exception {
        try (KeyedTwoInputStreamOperatorTestHarness<String, DecodedImage, SourceRecord, EncodedRecord> harness =
                harness(settings)) {
            harness.open();
            for (int i = 0; i < artifacts.length; i++) {
                announce(harness, artifacts[i], i + 1);
            }

            images(0, BATCH).forEach(image -> process(harness, image));

            assertThat(awaitPredictions(harness, BATCH)).hasSize(BATCH).extracting(Prediction::getModelVersion).containsOnly(1L);
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, DecodedImage, SourceRecord, EncodedRecord> harness(
            ClassifierSettings settings) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new ClassifierOperator(settings), image -> image.id, null,
                Types.STRING);
    }

    /** Publishes the artifact's ModelUpdate and lets the operator load it at {@code time}. */
    private static void announce(KeyedTwoInputStreamOperatorTestHarness<String, DecodedImage, SourceRecord,
            EncodedRecord> harness, ModelArtifact artifact, long time) throws Exception {
        long version = artifact.metadata().modelVersion();
        harness.processElement2(new SourceRecord("models", 0, version, 0, null,
                UPDATES.encode(TestArtifacts.announcement(artifact)), 0), 0);
        harness.setProcessingTime(time);
    }

    private static void process(KeyedTwoInputStreamOperatorTestHarness<String, DecodedImage, SourceRecord,
            EncodedRecord> harness, DecodedImage image) {
        try {
            harness.processElement1(image, 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<DecodedImage> images(int first, int count) {
        RecordValidator validator = new RecordValidator(10, false);
        List<DecodedImage> images = new ArrayList<>();
        new SyntheticImages(3).records(first, count, 1000).forEach((ImageRecord record) -> {
            DecodedImage image = new DecodedImage();
            image.id = record.getId().toString();
            image.eventTime = record.getEventTime().toEpochMilli();
            image.receivedAt = 2000;
            image.pixels = validator.validate(record);
            images.add(image);
        });
        return images;
    }

    private static List<String> ids(int first, int count) {
        return images(first, count).stream().map(image -> image.id).toList();
    }

    /** Runs the task's mails (the forward thread posts one per finished batch) until {@code count} predictions are out. */
    private static List<Prediction> awaitPredictions(KeyedTwoInputStreamOperatorTestHarness<String, DecodedImage,
            SourceRecord, EncodedRecord> harness, int count) throws Exception {
        TaskMailbox mailbox = harness.getTaskMailbox();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (harness.extractOutputValues().size() < count) {
            Optional<Mail> mail = mailbox.tryTake(TaskMailbox.MIN_PRIORITY);
            if (mail.isPresent()) {
                mail.get().run();
            } else if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + harness.extractOutputValues().size() + " of " + count
                        + " predictions after 60 s");
            } else {
                Thread.sleep(5);
            }
        }
        return predictions(harness);
    }

    private static List<Prediction> predictions(KeyedTwoInputStreamOperatorTestHarness<String, DecodedImage,
            SourceRecord, EncodedRecord> harness) throws RecordDecodingException {
        List<Prediction> predictions = new ArrayList<>();
        for (EncodedRecord record : harness.extractOutputValues()) {
            predictions.add(PREDICTIONS.decode(record.value));
        }
        return predictions;
    }
}
