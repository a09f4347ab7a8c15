package io.flinkalexnet.jobs.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.jobs.kafka.EncodedRecord;
import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.infer.Classification;
import io.flinkalexnet.model.infer.ImageClassifier;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.schemas.Prediction;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.streaming.runtime.tasks.StreamTaskActionExecutor;
import org.apache.flink.streaming.runtime.tasks.mailbox.MailboxExecutorImpl;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailboxImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Batches classified on the forward thread of a real (untrained) cifar model, written through a Flink mailbox. */
@Timeout(120)
class ForwardPassTest {

    private static final int BATCH = 4;
    private static final RecordCodec<Prediction> PREDICTIONS = RecordCodec.prediction();

    @TempDir
    static Path models;

    private static ModelArtifact version1;
    private static ServingModel model;

    // The test thread is the task thread: the mailbox belongs to the thread that creates it.
    private final TaskMailbox mailbox = new TaskMailboxImpl();
    private final List<EncodedRecord> written = new ArrayList<>();
    private final AtomicInteger passesEnded = new AtomicInteger();
    private final ForwardPass forward = new ForwardPass("test-forward",
            new MailboxExecutorImpl(mailbox, 0, StreamTaskActionExecutor.IMMEDIATE), BATCH, 3,
            new PredictionWriter(written::add, new ClassifierMetrics(new MetricListener().getMetricGroup())),
            passesEnded::incrementAndGet);

    @BeforeAll
    static void loadModel() throws Exception {
        version1 = TestArtifacts.untrained(1, CifarBinaryReader.STANDARD_CLASS_NAMES, models.resolve("v1"));
        model = serving(version1);
    }

    @AfterAll
    static void freeModel() {
        model.close();
    }

    @AfterEach
    void closeForwardThread() throws InterruptedException {
        forward.close();
    }

    @Test
    void writesOnePredictionPerImageInOrderAsTheModelClassifiesThem() throws Exception {
        // Fewer images than a batch holds, as a partial batch at its timeout.
        List<DecodedImage> images = TestImages.images(0, 3);
        forward.start(images, model);
        assertThat(forward.inFlight()).isTrue();
        forward.finish();

        assertThat(forward.inFlight()).isFalse();
        assertThat(predictions()).extracting(Prediction::getImageId).containsExactlyElementsOf(TestImages.ids(0, 3));
        assertThat(predictions()).extracting(Prediction::getModelVersion).containsOnly(1L);
        assertThat(predictions()).extracting(Prediction::getLabel, Prediction::getConfidence)
                .containsExactlyElementsOf(classifiedDirectly(images).stream()
                        .map(result -> tuple(result.label(), result.confidence()))
                        .toList());
        assertThat(predictions().get(0).getTopK()).hasSize(3);
    }

    @Test
    void startingTheNextBatchFirstWritesTheOneInFlight() throws Exception {
        forward.start(TestImages.images(0, BATCH), model);
        forward.start(TestImages.images(BATCH, 2), model);

        assertThat(predictions()).as("written before the next batch started, without running the mailbox")
                .extracting(Prediction::getImageId).containsExactlyElementsOf(TestImages.ids(0, BATCH));
        forward.finish();
        List<Prediction> all = predictions();
        assertThat(all).extracting(Prediction::getImageId).containsExactlyElementsOf(TestImages.ids(0, BATCH + 2));
        // The smaller batch reuses the buffer of the full one; only its own images may count.
        assertThat(all.subList(BATCH, BATCH + 2)).extracting(Prediction::getConfidence)
                .containsExactlyElementsOf(classifiedDirectly(TestImages.images(BATCH, 2)).stream()
                        .map(Classification::confidence).toList());
    }

    @Test
    void theMailOfAnEndedPassWritesItAndThenRunsTheStepAfterEachPass() throws Exception {
        forward.start(TestImages.images(0, 2), model);

        mailbox.take(TaskMailbox.MIN_PRIORITY).run();

        assertThat(predictions()).extracting(Prediction::getImageId).containsExactlyElementsOf(TestImages.ids(0, 2));
        assertThat(forward.inFlight()).isFalse();
        assertThat(passesEnded).hasValue(1);
    }

    @Test
    void aPassABarrierAlreadyWroteIsNotWrittenAgainByItsMail() throws Exception {
        forward.start(TestImages.images(0, 2), model);
        forward.finish();

        mailbox.take(TaskMailbox.MIN_PRIORITY).run();

        assertThat(written).hasSize(2);
        assertThat(passesEnded).as("what waits behind the pass is looked at all the same").hasValue(1);
    }

    @Test
    void aFailedPassFailsTheNextFinishNamingItsBatchAndModel() throws Exception {
        ServingModel freed = serving(version1);
        freed.close();
        forward.start(TestImages.images(0, 2), freed);

        assertThatThrownBy(forward::finish).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("classifying a batch of 2 images with model version 1 failed");
        assertThat(forward.inFlight()).isFalse();
        assertThat(written).isEmpty();
    }

    @Test
    void aFailedPassPostsItsMailSoThatTheTaskThreadFailsAtOnce() throws Exception {
        ServingModel freed = serving(version1);
        freed.close();
        forward.start(TestImages.images(0, 2), freed);

        assertThatThrownBy(() -> mailbox.take(TaskMailbox.MIN_PRIORITY).run())
                .hasMessageStartingWith("classifying a batch of 2 images with model version 1 failed");
        assertThat(written).isEmpty();
    }

    @Test
    void closeWaitsForThePassInFlightAndWritesNothing() throws Exception {
        forward.start(TestImages.images(0, BATCH), model);
        forward.close();

        assertThat(mailbox.size()).as("the pass ended, and posted its mail, before close returned").isOne();
        assertThat(written).isEmpty();
    }

    @Test
    void aPassThatEndsWhileTheTaskClosesIsDroppedQuietly() throws Exception {
        mailbox.quiesce();
        forward.start(TestImages.images(0, 2), model);
        forward.close();

        assertThat(mailbox.hasMail()).isFalse();
        assertThat(written).isEmpty();
        assertThat(passesEnded).hasValue(0);
    }

    private static ServingModel serving(ModelArtifact artifact) throws Exception {
        return new ServingModel(TestArtifacts.announcement(artifact),
                ImageClassifier.load(artifact, Engines.MXNET, "cpu"));
    }

    /** What the model answers for {@code images} when asked directly. */
    private static List<Classification> classifiedDirectly(List<DecodedImage> images) {
        return model.classifier().classify(TestImages.pixels(images), images.size(), 3);
    }

    private List<Prediction> predictions() throws Exception {
        List<Prediction> predictions = new ArrayList<>();
        for (EncodedRecord record : written) {
            predictions.add(PREDICTIONS.decode(record.value));
        }
        return predictions;
    }
}
